import { getEventDetails, listEvents } from "@/db/queries/events";
import { apiRoute, parseQuery } from "@/lib/api/route";
import { listEventsQuery, toEventResource } from "@/lib/api/resources";
import { createEvent } from "@/lib/services/training/create-event";
import { parseInput } from "@/lib/parse-input";

export const GET = apiRoute(async ({ ctx, request }) => {
  const { endingAfter, ...query } = parseQuery(request, (q) => parseInput(listEventsQuery, q));
  const items = await listEvents(ctx.db, { ...query, endingAfter: endingAfter ? new Date(endingAfter) : undefined });
  // The list returns full resources so integrations need no second round trip per event.
  const details = await getEventDetails(
    ctx.db,
    items.map((i) => i.event.id),
  );
  return Response.json({ data: details.map(toEventResource) });
});

export const POST = apiRoute(async ({ ctx, body }) => {
  const detail = await createEvent({ ctx, input: await body() });
  return Response.json(toEventResource(detail), {
    status: 201,
    headers: { Location: `/api/v1/events/${detail.event.id}` },
  });
});

import { getEventDetail, listEvents } from "@/db/queries/events";
import { apiRoute, parseQuery } from "@/lib/api/route";
import { listEventsQuery, toEventResource } from "@/lib/api/resources";
import { createEvent } from "@/lib/services/create-event";
import { parseInput } from "@/lib/services/parse-input";

export const GET = apiRoute(async ({ ctx, request }) => {
  const { endingAfter, ...query } = parseQuery(request, (q) => parseInput(listEventsQuery, q));
  const items = await listEvents(ctx.db, { ...query, endingAfter: endingAfter ? new Date(endingAfter) : undefined });
  // The list returns full resources so integrations need no second round trip per event.
  const details = await Promise.all(items.map((i) => getEventDetail(ctx.db, i.event.id)));
  return Response.json({ data: details.flatMap((d) => (d ? [toEventResource(d)] : [])) });
});

export const POST = apiRoute(async ({ ctx, body }) => {
  const detail = await createEvent({ ctx, input: await body() });
  return Response.json(toEventResource(detail), { status: 201, headers: { Location: `/api/v1/events/${detail.event.id}` } });
});

import { getEventDetail } from "@/db/queries/events";
import { apiRoute } from "@/lib/api/route";
import { toEventResource } from "@/lib/api/resources";
import { NotFoundError } from "@/lib/errors";
import { deleteEvent } from "@/lib/services/training/delete-event";
import { updateEvent } from "@/lib/services/training/update-event";

export const GET = apiRoute<{ id: string }>(async ({ ctx, params }) => {
  const detail = await getEventDetail(ctx.db, params.id);
  if (!detail) throw new NotFoundError("Event", params.id);
  return Response.json(toEventResource(detail));
});

export const PATCH = apiRoute<{ id: string }>(async ({ ctx, params, body }) => {
  const detail = await updateEvent({ ctx, id: params.id, input: await body() });
  return Response.json(toEventResource(detail));
});

export const DELETE = apiRoute<{ id: string }>(async ({ ctx, params }) => {
  await deleteEvent({ ctx, id: params.id });
  return new Response(null, { status: 204 });
});

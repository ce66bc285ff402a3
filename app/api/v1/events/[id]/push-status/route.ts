import { getEventPushStatus } from "@/db/queries/push-status";
import { apiRoute } from "@/lib/api/route";
import { toPushStatusResource } from "@/lib/api/resources";
import { NotFoundError } from "@/lib/errors";

export const GET = apiRoute<{ id: string }>(async ({ ctx, params }) => {
  const rows = await getEventPushStatus(ctx.db, params.id);
  if (!rows) throw new NotFoundError("Event", params.id);
  return Response.json(toPushStatusResource(rows));
});

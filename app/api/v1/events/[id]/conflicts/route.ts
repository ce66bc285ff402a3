import { eventConflictBoard } from "@/db/queries/event-conflicts";
import { isUuid } from "@/db/queries/ids";
import { toInstructorConflictsResource } from "@/lib/api/conflict-resources";
import { apiRoute } from "@/lib/api/route";
import { NotFoundError } from "@/lib/errors";

/** Every instructor's conflicts with the event's sessions (the assignment panel's data). */
export const GET = apiRoute<{ id: string }>(async ({ ctx, params }) => {
  const board = isUuid(params.id) ? await eventConflictBoard(ctx.db, { eventId: params.id, now: ctx.now() }) : null;
  if (!board) throw new NotFoundError("Event", params.id);
  return Response.json({ data: board.candidates.map(toInstructorConflictsResource) });
});

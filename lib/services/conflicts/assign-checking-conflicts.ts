import { and, eq } from "drizzle-orm";
import { assignments } from "@/db/schema";
import { eventConflictBoard } from "@/db/queries/event-conflicts";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { assignInstructor } from "@/lib/services/training/assign-instructor";

/**
 * Books an instructor on an event unless they have conflicts with it; with conflicts, only once the
 * admin confirmed (`confirmConflicts`), and then who confirmed it, when and how many conflicts there
 * were is kept on the assignment and shown on the event.
 */
export async function assignCheckingConflicts({
  ctx,
  eventId,
  instructorId,
  adminId,
  input,
}: {
  ctx: ServiceContext;
  eventId: string;
  instructorId: string;
  adminId: string;
  input: { role: unknown; confirmConflicts: boolean };
}) {
  return inTransaction(ctx, async (tx) => {
    const now = tx.now();
    const board = await eventConflictBoard(tx.db, { eventId, now, instructorIds: [instructorId] });
    if (!board) throw new NotFoundError("Event", eventId);
    const candidate = board.candidates[0];
    if (!candidate) throw new NotFoundError("Instructor", instructorId);
    const count = candidate.conflicts.length;
    if (count > 0 && !input.confirmConflicts)
      throw new ConflictError(
        `${candidate.instructor.name} has ${count} conflict${count === 1 ? "" : "s"} with this event. Confirm to assign anyway.`,
      );
    const result = await assignInstructor({ ctx: tx, eventId, instructorId, input: { role: input.role } });
    if (count > 0)
      await tx.db
        .update(assignments)
        .set({ conflictOverrideCount: count, conflictOverrideBy: adminId, conflictOverrideAt: now })
        .where(and(eq(assignments.eventId, eventId), eq(assignments.instructorId, instructorId)));
    return { ...result, conflicts: count };
  });
}

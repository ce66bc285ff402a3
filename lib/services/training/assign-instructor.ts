import { assignments } from "@/db/schema";
import { getEventDetail } from "@/db/queries/events";
import { getInstructor } from "@/db/queries/instructors";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { assignmentInputSchema, type AssignmentRole } from "@/lib/training/schemas";
import type { ServiceContext } from "@/lib/context/service-context";
import { inTransaction } from "@/lib/context/in-transaction";
import { parseInput } from "@/lib/parse-input";
import { requestPush } from "../internal/request-push";

/** Books an instructor on an event, or changes their role; repeating it is harmless (PUT semantics). */
export async function assignInstructor({
  ctx,
  eventId,
  instructorId,
  input,
}: {
  ctx: ServiceContext;
  eventId: string;
  instructorId: string;
  input: unknown;
}): Promise<{ eventId: string; instructorId: string; role: AssignmentRole; created: boolean }> {
  const { role } = parseInput(assignmentInputSchema, input ?? {});
  return inTransaction(ctx, async (t) => {
    const tx = t.db;
    const event = await getEventDetail(tx, eventId);
    if (!event) throw new NotFoundError("Event", eventId);
    if (!(await getInstructor(tx, instructorId))) throw new NotFoundError("Instructor", instructorId);
    if (event.event.lifecycle === "cancelled")
      throw new ConflictError("Instructors cannot be booked on a cancelled event");
    const existed = event.instructors.some((a) => a.instructor.id === instructorId);
    const now = ctx.now();
    await tx
      .insert(assignments)
      .values({ eventId, instructorId, role, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [assignments.eventId, assignments.instructorId], set: { role, updatedAt: now } });
    await requestPush(t, { eventIds: [eventId] }, "manual"); // the new entries, and everyone's list of personnel
    return { eventId, instructorId, role, created: !existed };
  });
}

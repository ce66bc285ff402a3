import { eq, sql } from "drizzle-orm";
import { assignments, events, instructors } from "@/db/schema";
import { isUuid } from "@/db/queries/ids";
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
  if (!isUuid(eventId)) throw new NotFoundError("Event", eventId);
  return inTransaction(ctx, async (t) => {
    const tx = t.db;
    // What the booking needs to know, in one query (on the way from a saved booking to Outlook).
    const [event] = await tx
      .select({
        lifecycle: events.lifecycle,
        instructorExists: isUuid(instructorId)
          ? sql<boolean>`exists (select 1 from ${instructors} where ${instructors.id} = ${instructorId})`
          : sql<boolean>`false`,
        existed: isUuid(instructorId)
          ? sql<boolean>`exists (select 1 from ${assignments} where ${assignments.eventId} = ${eventId} and ${assignments.instructorId} = ${instructorId})`
          : sql<boolean>`false`,
      })
      .from(events)
      .where(eq(events.id, eventId));
    if (!event) throw new NotFoundError("Event", eventId);
    if (!event.instructorExists) throw new NotFoundError("Instructor", instructorId);
    if (event.lifecycle === "cancelled") throw new ConflictError("Instructors cannot be booked on a cancelled event");
    const { existed } = event;
    const now = ctx.now();
    await tx
      .insert(assignments)
      .values({ eventId, instructorId, role, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [assignments.eventId, assignments.instructorId], set: { role, updatedAt: now } });
    await requestPush(t, { eventIds: [eventId] }, "manual"); // the new entries, and everyone's list of personnel
    return { eventId, instructorId, role, created: !existed };
  });
}

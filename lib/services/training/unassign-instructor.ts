import { and, eq } from "drizzle-orm";
import { assignments } from "@/db/schema";
import { isUuid } from "@/db/queries/ids";
import { NotFoundError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/context/service-context";
import { inTransaction } from "@/lib/context/in-transaction";
import { requestPush } from "../internal/request-push";

export async function unassignInstructor({
  ctx,
  eventId,
  instructorId,
}: {
  ctx: ServiceContext;
  eventId: string;
  instructorId: string;
}): Promise<void> {
  if (!isUuid(eventId) || !isUuid(instructorId)) throw new NotFoundError("Assignment", `${eventId}/${instructorId}`);
  await inTransaction(ctx, async (t) => {
    const removed = await t.db
      .delete(assignments)
      .where(and(eq(assignments.eventId, eventId), eq(assignments.instructorId, instructorId)))
      .returning({ eventId: assignments.eventId });
    if (!removed.length) throw new NotFoundError("Assignment", `${eventId}/${instructorId}`);
    // Their entries go; the others' list of personnel changes.
    await requestPush(t, { eventIds: [eventId], instructorIds: [instructorId] }, "manual");
  });
}

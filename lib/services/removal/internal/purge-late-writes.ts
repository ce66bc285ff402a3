import { and, eq, isNull } from "drizzle-orm";
import { calendarConnections, externalEvents, notifiedChanges, pullStates, pushEntries } from "@/db/schema";
import type { DbOrTx } from "@/db/types";

/**
 * The removal's last look at what it purged, in the transaction that completes it: the connection's row is
 * locked first (as a pull's write locks it), so a write still in progress has landed and any later one sees
 * the connection disconnected. Fenced pulls and pushes write nothing after the removal began
 * (docs/decisions/0003-fencing.md); this catches a writer that does not honour the fence (an older build
 * still running during a deploy). A push record with an Outlook id is kept: it is the only trace of an entry still to delete.
 * Returns how many rows it found.
 */
export async function purgeLateWrites(tx: DbOrTx, connectionId: string): Promise<number> {
  await tx
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .where(eq(calendarConnections.id, connectionId))
    .for("update");
  // The mirror before push_entries, the order a pull's write and a push's record take them in.
  const mirror = await tx
    .delete(externalEvents)
    .where(eq(externalEvents.connectionId, connectionId))
    .returning({ id: externalEvents.id });
  const state = await tx
    .delete(pullStates)
    .where(eq(pullStates.connectionId, connectionId))
    .returning({ id: pullStates.connectionId });
  const noted = await tx
    .delete(notifiedChanges)
    .where(eq(notifiedChanges.connectionId, connectionId))
    .returning({ id: notifiedChanges.connectionId });
  const unsent = await tx
    .delete(pushEntries)
    .where(and(eq(pushEntries.connectionId, connectionId), isNull(pushEntries.outlookEventId)))
    .returning({ id: pushEntries.id });
  return mirror.length + state.length + noted.length + unsent.length;
}

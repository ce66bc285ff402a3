import { and, eq, isNotNull } from "drizzle-orm";
import { calendarConnections, instructors, pullStates, pushEntries } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { lockHomeZone } from "@/db/queries/mirror";
import { runConnectionColumns } from "@/db/queries/connection-fence";
import type { StoredPullState } from "./read-round";

/**
 * The connection a pull reads, with what the mapping needs (the home zone and the privacy mode) and the
 * removal fence it starts at (`generation`, checked again by the write: lockForMirrorWrite).
 */
export async function pullTarget(db: DbOrTx, connectionId: string) {
  const [row] = await db
    .select({ ...runConnectionColumns, privacyMode: calendarConnections.privacyMode, timeZone: instructors.timeZone })
    .from(calendarConnections)
    .innerJoin(instructors, eq(instructors.id, calendarConnections.instructorId))
    .where(eq(calendarConnections.id, connectionId));
  return row ?? null;
}

export async function storedPullState(db: DbOrTx, connectionId: string): Promise<StoredPullState> {
  const [row] = await db.select().from(pullStates).where(eq(pullStates.connectionId, connectionId));
  return row
    ? { deltaLink: row.deltaLink, window: { start: row.windowStart, end: row.windowEnd }, baselineAt: row.baselineAt }
    : null;
}

export async function savePullState(
  db: DbOrTx,
  connectionId: string,
  state: NonNullable<StoredPullState>,
  now: Date,
): Promise<void> {
  const values = {
    deltaLink: state.deltaLink,
    windowStart: state.window.start,
    windowEnd: state.window.end,
    baselineAt: state.baselineAt,
    updatedAt: now,
  };
  await db
    .insert(pullStates)
    .values({ connectionId, ...values })
    .onConflictDoUpdate({ target: pullStates.connectionId, set: values });
}

/** Outlook ids of the entries Push wrote: delta cannot expand our extended property, so these mark ours. */
export async function ourOutlookIds(db: DbOrTx, connectionId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: pushEntries.outlookEventId })
    .from(pushEntries)
    .where(and(eq(pushEntries.connectionId, connectionId), isNotNull(pushEntries.outlookEventId)));
  return new Set(rows.map((r) => r.id!));
}

/**
 * Locks what a round's write needs, in the order an admin's save of the instructor takes them
 * (update-instructor.ts: the instructor's row, then their connections'), so the two wait for each
 * other instead of deadlocking: the instructor's row shared (their home zone, in which the mirror
 * places all-day rows, holds), then the connection's for update (a privacy-mode switch waits, and so
 * does a removal beginning: its move to `disconnecting` updates the same row).
 * Returns the connection as locked: its privacy mode, status and removal fence (`generation`); null
 * when it is gone.
 */
export async function lockForMirrorWrite(db: DbOrTx, connectionId: string) {
  await lockHomeZone(db, connectionId);
  return lockedConnection(db, connectionId);
}

/** The connection's row, locked until the transaction ends. */
async function lockedConnection(db: DbOrTx, connectionId: string) {
  const [row] = await db
    .select({
      privacyMode: calendarConnections.privacyMode,
      status: calendarConnections.status,
      generation: calendarConnections.generation,
    })
    .from(calendarConnections)
    .where(eq(calendarConnections.id, connectionId))
    .for("update");
  return row ?? null;
}

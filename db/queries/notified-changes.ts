import { and, asc, count, eq, inArray, lte, max, sql } from "drizzle-orm";
import type { NotedChange } from "../../lib/sync/notified-changes";
import { notifiedChanges } from "../schema";
import type { DbOrTx } from "../types";

/**
 * The event ids change notifications named, per connection (db/schema/notified-changes.ts): noted by
 * the webhook, read by the pull, forgotten once a pull has read past them.
 */

/**
 * Notes ids (one statement; each (connection, id) at most once in `rows`). A repeated id takes a new
 * `seq`, so a pull that read the row before leaves it for the next pull; `deleted` sticks. Rows go in
 * key order, so two webhook calls noting the same ids at once wait for each other instead of deadlocking.
 */
export async function noteChanges(
  db: DbOrTx,
  rows: readonly { connectionId: string; graphId: string; deleted: boolean }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(notifiedChanges)
    .values(
      [...rows]
        .sort(
          (a, b) =>
            a.connectionId.localeCompare(b.connectionId) ||
            (a.graphId < b.graphId ? -1 : a.graphId > b.graphId ? 1 : 0),
        )
        .map((r) => ({ ...r, notedAt: now })),
    )
    .onConflictDoUpdate({
      target: [notifiedChanges.connectionId, notifiedChanges.graphId],
      set: {
        seq: sql`nextval(pg_get_serial_sequence('notified_changes', 'seq'))`,
        deleted: sql`${notifiedChanges.deleted} or excluded.deleted`,
        notedAt: sql`excluded.noted_at`,
      },
    });
}

/** The ids waiting for a connection, oldest first, at most `limit`. */
export async function notedChanges(db: DbOrTx, connectionId: string, limit: number): Promise<NotedChange[]> {
  return db
    .select({ graphId: notifiedChanges.graphId, seq: notifiedChanges.seq, deleted: notifiedChanges.deleted })
    .from(notifiedChanges)
    .where(eq(notifiedChanges.connectionId, connectionId))
    .orderBy(asc(notifiedChanges.seq))
    .limit(limit);
}

/**
 * How many ids wait for a connection and the newest `seq` among them (null: none waits). Read before a
 * whole read of the calendar, which then reads past all of them.
 */
export async function notedSummary(
  db: DbOrTx,
  connectionId: string,
): Promise<{ count: number; latestSeq: number | null }> {
  const [row] = await db
    .select({ count: count(), latestSeq: max(notifiedChanges.seq) })
    .from(notifiedChanges)
    .where(eq(notifiedChanges.connectionId, connectionId));
  return { count: row?.count ?? 0, latestSeq: row?.latestSeq ?? null };
}

/**
 * What a pull read past: `upTo` after a whole read of the calendar (everything noted before the read
 * began: a row with a lower `seq` was being noted before the newest one seen, so its change happened
 * before the read), `seqs` after a re-read of exactly those rows (a `seq` is never given twice, so it
 * names the row as read: one noted again since has a new `seq` and keeps waiting).
 */
export type ReadPast = { upTo: number } | { seqs: readonly number[] } | null;

/** Forgets what a pull read past; call it in the transaction that writes the pull's changes. */
export async function forgetNotedChanges(db: DbOrTx, connectionId: string, readPast: ReadPast): Promise<void> {
  if (!readPast || ("seqs" in readPast && readPast.seqs.length === 0)) return;
  await db
    .delete(notifiedChanges)
    .where(
      and(
        eq(notifiedChanges.connectionId, connectionId),
        "upTo" in readPast ? lte(notifiedChanges.seq, readPast.upTo) : inArray(notifiedChanges.seq, [...readPast.seqs]),
      ),
    );
}

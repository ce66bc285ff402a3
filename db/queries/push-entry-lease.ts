import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { ConnectionFencedError, fenceHolds, type ConnectionFence } from "@/lib/sync/connection-fence";
import { pushEntries } from "../schema";
import type { DbOrTx } from "../types";
import { lockConnectionFence } from "./connection-fence";

type PushEntryRow = typeof pushEntries.$inferSelect;

export type PushEntryIdentity = {
  assignmentId: string;
  sessionId: string;
  eventId: string;
  instructorId: string;
  connectionId: string;
};

/**
 * Takes the lease on one (assignment, session) for `holder` until `now + ttlMs`, creating the
 * pending row first if there is none. One conditional UPDATE decides: of any number of pushes
 * racing across processes, one gets the row back and the others get null and leave the entry
 * alone. A lease whose holder crashed is taken over once `lease_until` has passed.
 *
 * `firstClaim` is true when this call created the row, lease included, in one statement: then no
 * push has ever held this entry, so none can have sent a create for it (every Outlook write happens
 * under the lease of a push that claimed the row), and the caller may POST without searching
 * Outlook first.
 *
 * Fenced (lib/sync/connection-fence.ts): in the same transaction, first, the connection's row is
 * share-locked and must still be live at `fence`, the generation the push read; otherwise
 * ConnectionFencedError is thrown and nothing is claimed. A removal that begins after the claim
 * commits finds its lease and waits for it before sweeping (removal/find-pushes-in-flight.ts); one
 * that began before is seen here. So no push sends anything its removal's sweep does not wait for.
 */
export async function claimPushEntry(
  db: DbOrTx,
  entry: PushEntryIdentity,
  holder: string,
  now: Date,
  ttlMs: number,
  fence: ConnectionFence,
): Promise<(PushEntryRow & { firstClaim: boolean }) | null> {
  return db.transaction(async (tx) => {
    if (!fenceHolds(fence, await lockConnectionFence(tx, entry.connectionId), { live: true }))
      throw new ConnectionFencedError("Push");
    return claimLease(tx, entry, holder, now, ttlMs);
  });
}

/** The lease itself: one conditional INSERT, else one conditional UPDATE (see claimPushEntry). */
async function claimLease(
  db: DbOrTx,
  entry: PushEntryIdentity,
  holder: string,
  now: Date,
  ttlMs: number,
): Promise<(PushEntryRow & { firstClaim: boolean }) | null> {
  const leaseUntil = new Date(now.getTime() + ttlMs);
  const [created] = await db
    .insert(pushEntries)
    .values({ ...entry, status: "pending", leaseHolder: holder, leaseUntil, updatedAt: now })
    .onConflictDoNothing({ target: [pushEntries.assignmentId, pushEntries.sessionId] })
    .returning();
  if (created) return { ...created, firstClaim: true };
  const [claimed] = await db
    .update(pushEntries)
    .set({ leaseHolder: holder, leaseUntil, updatedAt: now })
    .where(
      and(
        eq(pushEntries.assignmentId, entry.assignmentId),
        eq(pushEntries.sessionId, entry.sessionId),
        or(isNull(pushEntries.leaseUntil), lt(pushEntries.leaseUntil, now), eq(pushEntries.leaseHolder, holder)),
      ),
    )
    .returning();
  return claimed ? { ...claimed, firstClaim: false } : null;
}

/** Gives the lease back, only if `holder` still has it. */
export async function releasePushEntry(
  db: DbOrTx,
  key: { assignmentId: string; sessionId: string },
  holder: string,
): Promise<void> {
  await db
    .update(pushEntries)
    .set({ leaseHolder: null, leaseUntil: null, updatedAt: sql`now()` })
    .where(
      and(
        eq(pushEntries.assignmentId, key.assignmentId),
        eq(pushEntries.sessionId, key.sessionId),
        eq(pushEntries.leaseHolder, holder),
      ),
    );
}

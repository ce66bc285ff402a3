import { and, eq } from "drizzle-orm";
import { lockConnectionFence } from "@/db/queries/connection-fence";
import { externalEvents, pushEntries } from "@/db/schema";
import { inTransaction } from "@/lib/context/in-transaction";
import { fenceHolds, type ConnectionFence } from "@/lib/sync/connection-fence";
import type { ConnectionStatus } from "@/lib/sync/connection-state";
import type { RecordChange, RecordedEntry } from "@/lib/sync/plan-pushes";
import type { SyncKey } from "@/lib/sync/extended-property";
import type { ServiceContext } from "@/lib/context/service-context";

type PushEntryRow = typeof pushEntries.$inferSelect;

/** A claimed push_entries row as the planner reads it. */
export function recordedEntryOf(row: PushEntryRow, connectionStatus: ConnectionStatus | null): RecordedEntry {
  return {
    assignmentId: row.assignmentId,
    sessionId: row.sessionId,
    eventId: row.eventId,
    instructorId: row.instructorId,
    connectionId: row.connectionId,
    connectionStatus,
    outlookEventId: row.outlookEventId,
    contentHash: row.contentHash,
    status: row.status,
    generation: row.generation,
    entryId: row.id,
  };
}

/**
 * Writes what an attempt left (recordAfter's change) while `holder` still has the lease; a row
 * written with `release` also gives the lease back in the same statement.
 *
 * A newly recorded Outlook id also marks the connection's mirror row of that id as ours, in the
 * same transaction: a pull that read our ids before this record may already have mirrored the entry
 * as an external event (a connect pushes while it pulls), and a delta round would not touch it
 * again. The connection row is share-locked first, as the pull's write locks it for update: either
 * this transaction waits for that write to commit and then sees (and marks) its row, or the pull's
 * write waits for this one and then finds the id in push_entries (db/queries/mirror.ts).
 *
 * The same lock checks the removal fence (lib/sync/connection-fence.ts): when a removal began since the
 * push read the connection (`fence`), the new id is still recorded but the lease is kept, and `fenced`
 * tells the caller to delete the entry at once. Recorded, so whatever that delete cannot do the removal's
 * sweep does (it waits for our lease, then deletes every recorded id and every tagged entry); deleted at
 * once, so an entry is not left behind by a push that outlived its lease, whom the removal no longer waits for.
 */
export async function applyRecordChange(
  ctx: ServiceContext,
  op: SyncKey & { connectionId: string; outlookEventId?: string | null },
  holder: string,
  change: RecordChange,
  { release, fence }: { release: boolean; fence: ConnectionFence },
): Promise<{ fenced: boolean }> {
  const mine = and(
    eq(pushEntries.assignmentId, op.assignmentId),
    eq(pushEntries.sessionId, op.sessionId),
    eq(pushEntries.leaseHolder, holder),
  );
  if (change.kind === "remove") {
    await ctx.db.delete(pushEntries).where(mine);
    return { fenced: false };
  }
  const { kind: _kind, ...fields } = change;
  const record = (db: ServiceContext["db"], { release }: { release: boolean }) =>
    db
      .update(pushEntries)
      .set({ ...fields, updatedAt: ctx.now(), ...(release && { leaseHolder: null, leaseUntil: null }) })
      .where(mine);
  const newId = change.outlookEventId;
  // An id recorded before was marked then; every later pull write finds it in push_entries. Nothing new
  // was created in Outlook, so there is nothing the fence would have the push take back.
  if (newId === null || newId === op.outlookEventId) {
    await record(ctx.db, { release });
    return { fenced: false };
  }
  return inTransaction(ctx, async (tx) => {
    const fenced = !fenceHolds(fence, await lockConnectionFence(tx.db, op.connectionId), { live: false });
    // The mirror before push_entries, in the order a pull's write and a purge take them.
    await tx.db
      .update(externalEvents)
      .set({ isOurs: true, updatedAt: ctx.now() })
      .where(
        and(
          eq(externalEvents.connectionId, op.connectionId),
          eq(externalEvents.graphId, newId),
          eq(externalEvents.isOurs, false),
        ),
      );
    await record(tx.db, { release: release && !fenced });
    return { fenced };
  });
}

/** Drops a record whose mailbox is out of reach for good (the planner's "forget"). */
export async function forgetEntry(ctx: ServiceContext, key: SyncKey): Promise<void> {
  await ctx.db
    .delete(pushEntries)
    .where(and(eq(pushEntries.assignmentId, key.assignmentId), eq(pushEntries.sessionId, key.sessionId)));
}

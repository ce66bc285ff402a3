import { and, eq, inArray } from "drizzle-orm";
import { lockConnectionFence } from "@/db/queries/connection-fence";
import { externalEvents, pushEntries } from "@/db/schema";
import { inTransaction } from "@/lib/context/in-transaction";
import { fenceHolds, type ConnectionFence } from "@/lib/sync/connection-fence";
import type { ConnectionStatus } from "@/lib/sync/connection-state";
import type { RecordChange, RecordedEntry } from "@/lib/sync/plan-pushes";
import type { SyncKey } from "@/lib/sync/extended-property";
import type { ServiceContext } from "@/lib/context/service-context";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import { recordPushHistory, type PushHistoryLine } from "../../internal/record-push-history";

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

/** What one operation's attempt left for its row: recordAfter's change, and whether the lease goes back with it. */
export type OutcomeRecord = {
  op: SyncKey & { connectionId: string; outlookEventId?: string | null };
  change: RecordChange;
  release: boolean;
};

/**
 * Writes what one pass of a push left (each operation's recordAfter change, while `holder` still has the
 * leases, a row written with `release` giving its lease back in the same statement) and the pass's push
 * history, in one transaction.
 *
 * A newly recorded Outlook id also marks the connection's mirror row of that id as ours: a pull that read
 * our ids before this record may already have mirrored the entry as an external event (a connect pushes
 * while it pulls), and a delta round would not touch it again. The connection row is share-locked first,
 * as the pull's write locks it for update: either this transaction waits for that write to commit and then
 * sees (and marks) its row, or the pull's write waits for this one and then finds the id in push_entries
 * (db/queries/mirror.ts).
 *
 * The same lock checks the removal fence (lib/sync/connection-fence.ts): when a removal began since the
 * push read the connection (`fence`), a new id is still recorded but its lease is kept, and it is returned
 * in `fencedIds` for the caller to delete at once. Recorded, so whatever that delete cannot do the removal's
 * sweep does (it waits for our lease, then deletes every recorded id and every tagged entry); deleted at
 * once, so an entry is not left behind by a push that outlived its lease, whom the removal no longer waits for.
 */
export async function recordOutcomes(
  ctx: ServiceContext,
  {
    holder,
    fence,
    records,
    history,
  }: {
    holder: string;
    fence: ConnectionFence & { connectionId: string };
    records: readonly OutcomeRecord[];
    history?: { run: { runId: string; trigger: SyncTrigger }; lines: readonly PushHistoryLine[] };
  },
): Promise<{ fencedIds: string[] }> {
  if (!records.length) return { fencedIds: [] };
  return inTransaction(ctx, async (tx) => {
    const fenced = !fenceHolds(fence, await lockConnectionFence(tx.db, fence.connectionId), { live: false });
    const newIdOf = ({ op, change }: OutcomeRecord) =>
      change.kind === "write" && change.outlookEventId !== null && change.outlookEventId !== op.outlookEventId
        ? change.outlookEventId
        : null;
    const newIds = records.map(newIdOf).filter((id): id is string => id !== null);
    // The mirror before push_entries, in the order a pull's write and a purge take them.
    if (newIds.length)
      await tx.db
        .update(externalEvents)
        .set({ isOurs: true, updatedAt: ctx.now() })
        .where(
          and(
            eq(externalEvents.connectionId, fence.connectionId),
            inArray(externalEvents.graphId, newIds),
            eq(externalEvents.isOurs, false),
          ),
        );
    for (const record of records) {
      const { op, change } = record;
      const mine = and(
        eq(pushEntries.assignmentId, op.assignmentId),
        eq(pushEntries.sessionId, op.sessionId),
        eq(pushEntries.leaseHolder, holder),
      );
      if (change.kind === "remove") {
        await tx.db.delete(pushEntries).where(mine);
        continue;
      }
      const { kind: _kind, ...fields } = change;
      // A fenced new entry keeps its lease until it is deleted: the removal waits for it.
      const release = record.release && !(fenced && newIdOf(record) !== null);
      await tx.db
        .update(pushEntries)
        .set({ ...fields, updatedAt: ctx.now(), ...(release && { leaseHolder: null, leaseUntil: null }) })
        .where(mine);
    }
    if (history) await recordPushHistory(tx, history.run, history.lines);
    return { fencedIds: fenced ? newIds : [] };
  });
}

/** Drops a record whose mailbox is out of reach for good (the planner's "forget"). */
export async function forgetEntry(ctx: ServiceContext, key: SyncKey): Promise<void> {
  await ctx.db
    .delete(pushEntries)
    .where(and(eq(pushEntries.assignmentId, key.assignmentId), eq(pushEntries.sessionId, key.sessionId)));
}

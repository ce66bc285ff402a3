import { and, eq } from "drizzle-orm";
import { pushEntries } from "@/db/schema";
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
  };
}

/**
 * Writes what an attempt left (recordAfter's change) while `holder` still has the lease; a row
 * written with `release` also gives the lease back in the same statement.
 */
export async function applyRecordChange(
  ctx: ServiceContext,
  key: SyncKey,
  holder: string,
  change: RecordChange,
  { release }: { release: boolean },
): Promise<void> {
  const mine = and(
    eq(pushEntries.assignmentId, key.assignmentId),
    eq(pushEntries.sessionId, key.sessionId),
    eq(pushEntries.leaseHolder, holder),
  );
  if (change.kind === "remove") {
    await ctx.db.delete(pushEntries).where(mine);
    return;
  }
  const { kind: _kind, ...fields } = change;
  await ctx.db
    .update(pushEntries)
    .set({ ...fields, updatedAt: ctx.now(), ...(release && { leaseHolder: null, leaseUntil: null }) })
    .where(mine);
}

/** Drops a record whose mailbox is out of reach for good (the planner's "forget"). */
export async function forgetEntry(ctx: ServiceContext, key: SyncKey): Promise<void> {
  await ctx.db
    .delete(pushEntries)
    .where(and(eq(pushEntries.assignmentId, key.assignmentId), eq(pushEntries.sessionId, key.sessionId)));
}

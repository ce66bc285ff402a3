import { and, desc, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { syncRuns } from "../schema";

export type SyncStatus = {
  /** When the newest successful pull or push finished. */
  lastSyncAt: Date | null;
  /** The earliest queued run's due time. */
  nextSyncAt: Date | null;
  /** The newest failure, unless a later run of the same kind succeeded since. */
  lastError: { errorClass: string | null; message: string | null; at: Date } | null;
};

const none: SyncStatus = { lastSyncAt: null, nextSyncAt: null, lastError: null };

/** "Last sync", "next sync" and "last error" per connection, read from sync_runs (their only source). */
export async function syncStatusByConnection(db: DbOrTx, connectionIds: string[]): Promise<Map<string, SyncStatus>> {
  const result = new Map<string, SyncStatus>();
  if (connectionIds.length === 0) return result;
  const [times, latestPerKind] = await Promise.all([
    db
      .select({
        connectionId: syncRuns.connectionId,
        lastSyncAt:
          sql<Date | null>`max(${syncRuns.finishedAt}) filter (where ${syncRuns.status} = 'succeeded' and ${syncRuns.kind} in ('pull', 'push'))`.mapWith(
            syncRuns.finishedAt,
          ),
        nextSyncAt: sql<Date | null>`min(${syncRuns.dueAt}) filter (where ${syncRuns.status} = 'queued')`.mapWith(
          syncRuns.dueAt,
        ),
      })
      .from(syncRuns)
      .where(inArray(syncRuns.connectionId, connectionIds))
      .groupBy(syncRuns.connectionId),
    db
      .selectDistinctOn([syncRuns.connectionId, syncRuns.kind])
      .from(syncRuns)
      .where(and(inArray(syncRuns.connectionId, connectionIds), inArray(syncRuns.status, ["succeeded", "failed"])))
      .orderBy(syncRuns.connectionId, syncRuns.kind, desc(syncRuns.finishedAt)),
  ]);
  for (const t of times) result.set(t.connectionId, { ...none, lastSyncAt: t.lastSyncAt, nextSyncAt: t.nextSyncAt });
  for (const run of latestPerKind) {
    if (run.status !== "failed" || !run.finishedAt) continue;
    const status = result.get(run.connectionId) ?? { ...none };
    if (!status.lastError || status.lastError.at < run.finishedAt)
      status.lastError = { errorClass: run.errorClass, message: run.errorMessage, at: run.finishedAt };
    result.set(run.connectionId, status);
  }
  return result;
}

export const noSyncYet = none;

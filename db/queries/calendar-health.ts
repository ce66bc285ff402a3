import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { NewestPull } from "@/lib/sync/connection-health";
import { syncRuns } from "../schema";
import { mirroredCountsByConnection } from "./mirrored-counts";
import type { DbOrTx } from "../types";

export type PullHealthFacts = {
  newestPull: NewestPull | null;
  /** When the newest successful pull finished. */
  lastPullAt: Date | null;
  /** Mirrored events (db/queries/mirrored-counts.ts, the one definition) and how many of them are private. */
  mirrored: number;
  mirroredPrivate: number;
};

const nothing: PullHealthFacts = { newestPull: null, lastPullAt: null, mirrored: 0, mirroredPrivate: 0 };

/**
 * What lib/sync/connection-health.ts derives an instructor's sync health from, per connection, in
 * three queries whatever the number of connections: the newest pull and the newest successful one
 * (sync_runs), and the mirror's counts (mirrored-counts.ts).
 */
export async function pullHealthByConnection(
  db: DbOrTx,
  connectionIds: string[],
): Promise<Map<string, PullHealthFacts>> {
  const result = new Map<string, PullHealthFacts>();
  if (connectionIds.length === 0) return result;
  const [newest, lastSucceeded, mirror] = await Promise.all([
    db
      .selectDistinctOn([syncRuns.connectionId], {
        connectionId: syncRuns.connectionId,
        status: syncRuns.status,
        counts: syncRuns.counts,
        errorClass: syncRuns.errorClass,
        errorMessage: syncRuns.errorMessage,
        finishedAt: syncRuns.finishedAt,
        dueAt: syncRuns.dueAt,
        queuedAt: syncRuns.queuedAt,
        startedAt: syncRuns.startedAt,
      })
      .from(syncRuns)
      .where(and(inArray(syncRuns.connectionId, connectionIds), eq(syncRuns.kind, "pull")))
      .orderBy(syncRuns.connectionId, desc(syncRuns.queuedAt), desc(syncRuns.id)),
    db
      .select({
        connectionId: syncRuns.connectionId,
        at: sql<Date>`max(${syncRuns.finishedAt})`.mapWith(syncRuns.finishedAt),
      })
      .from(syncRuns)
      .where(
        and(inArray(syncRuns.connectionId, connectionIds), eq(syncRuns.kind, "pull"), eq(syncRuns.status, "succeeded")),
      )
      .groupBy(syncRuns.connectionId),
    mirroredCountsByConnection(db, connectionIds),
  ]);
  const of = (id: string) => {
    let facts = result.get(id);
    if (!facts) result.set(id, (facts = { ...nothing }));
    return facts;
  };
  for (const { connectionId, ...pull } of newest) of(connectionId).newestPull = pull;
  for (const row of lastSucceeded) of(row.connectionId).lastPullAt = row.at;
  for (const [connectionId, counts] of mirror) Object.assign(of(connectionId), counts);
  return result;
}

export const noPullHealthYet = nothing;

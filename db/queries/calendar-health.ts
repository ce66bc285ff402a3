import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { NewestPull } from "@/lib/sync/connection-health";
import { externalEvents, syncRuns } from "../schema";
import type { DbOrTx } from "../types";

export type PullHealthFacts = {
  newestPull: NewestPull | null;
  /** When the newest successful pull finished. */
  lastPullAt: Date | null;
  /** Outlook events in the mirror (not our own pushed entries), and how many of them are private. */
  mirrored: number;
  mirroredPrivate: number;
};

const nothing: PullHealthFacts = { newestPull: null, lastPullAt: null, mirrored: 0, mirroredPrivate: 0 };

/**
 * What lib/sync/connection-health.ts derives an instructor's sync health from, per connection, in
 * three queries whatever the number of connections: the newest pull and the newest successful one
 * (sync_runs), and the mirror's counts.
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
    db
      .select({
        connectionId: externalEvents.connectionId,
        mirrored: sql<number>`count(*)`.mapWith(Number),
        mirroredPrivate: sql<number>`count(*) filter (where ${externalEvents.isPrivate})`.mapWith(Number),
      })
      .from(externalEvents)
      .where(and(inArray(externalEvents.connectionId, connectionIds), eq(externalEvents.isOurs, false)))
      .groupBy(externalEvents.connectionId),
  ]);
  const of = (id: string) => {
    let facts = result.get(id);
    if (!facts) result.set(id, (facts = { ...nothing }));
    return facts;
  };
  for (const { connectionId, ...pull } of newest) of(connectionId).newestPull = pull;
  for (const row of lastSucceeded) of(row.connectionId).lastPullAt = row.at;
  for (const row of mirror)
    Object.assign(of(row.connectionId), { mirrored: row.mirrored, mirroredPrivate: row.mirroredPrivate });
  return result;
}

export const noPullHealthYet = nothing;

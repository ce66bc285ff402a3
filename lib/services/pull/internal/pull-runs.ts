import { and, eq, inArray } from "drizzle-orm";
import { syncRuns, type SyncCounts, type SyncTrigger } from "@/db/schema/sync-runs";
import type { DbOrTx } from "@/db/types";
import { HELD_ROUND_ERROR } from "@/lib/sync/connection-health";

export { HELD_ROUND_ERROR };

/**
 * A pull's row in sync_runs: queued when asked for, running while it reads, then succeeded or
 * failed with its counts and Graph requests. A failed run may be claimed again by its job's retry,
 * so the row always shows the latest attempt.
 */
export async function openPullRunRow(db: DbOrTx, connectionId: string, trigger: SyncTrigger, now: Date) {
  const [row] = await db
    .insert(syncRuns)
    .values({ connectionId, trigger, kind: "pull", status: "queued", queuedAt: now, dueAt: now })
    .returning({ id: syncRuns.id });
  return row!.id;
}

/** The queued pull of a connection, if one waits: a new request joins it instead of queuing another. */
export async function queuedPullRun(db: DbOrTx, connectionId: string) {
  const [row] = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connectionId), eq(syncRuns.kind, "pull"), eq(syncRuns.status, "queued")))
    .limit(1);
  return row?.id ?? null;
}

/** Marks the run running; null when it is not this connection's, or already running or done. */
export async function claimPullRun(db: DbOrTx, runId: string, connectionId: string, now: Date) {
  const [row] = await db
    .update(syncRuns)
    .set({ status: "running", startedAt: now, finishedAt: null, errorClass: null, errorMessage: null })
    .where(
      and(
        eq(syncRuns.id, runId),
        eq(syncRuns.connectionId, connectionId),
        eq(syncRuns.kind, "pull"),
        inArray(syncRuns.status, ["queued", "failed"]),
      ),
    )
    .returning({ id: syncRuns.id, trigger: syncRuns.trigger });
  return row ?? null;
}

export type RunOutcome =
  | { status: "succeeded"; counts: SyncCounts; graphRequests: number }
  | {
      /** `cancelled`: not to be retried (a removal began while the round was read). */
      status: "failed" | "cancelled";
      counts?: SyncCounts;
      graphRequests: number;
      errorClass: string;
      errorMessage: string;
      /** When the job retries it, if Graph named a wait (Retry-After): the health column shows it. */
      retryAt?: Date;
    };

export async function finishPullRun(db: DbOrTx, runId: string, outcome: RunOutcome, now: Date) {
  await db
    .update(syncRuns)
    .set({
      status: outcome.status,
      finishedAt: now,
      counts: outcome.counts ?? {},
      graphRequests: outcome.graphRequests,
      errorClass: outcome.status === "succeeded" ? null : outcome.errorClass,
      errorMessage: outcome.status === "succeeded" ? null : outcome.errorMessage.slice(0, 1000),
      ...(outcome.status === "failed" && outcome.retryAt && { dueAt: outcome.retryAt }),
    })
    .where(eq(syncRuns.id, runId));
}

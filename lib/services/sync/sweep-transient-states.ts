import { pruneFinishedJobs } from "@/db/queries/job-requests";
import { idleSyncingConnections, stalledSyncRuns, strandedRemovals } from "@/db/queries/sweep";
import { finishRun } from "@/db/queries/sync-runs";
import type { ServiceContext } from "@/lib/context/service-context";
import { ConflictError } from "@/lib/errors";
import { InvalidConnectionTransitionError } from "@/lib/sync/connection-state";
import { STALL_AFTER_MS } from "@/lib/sync/run-liveness";
import { renewExpiringSubscriptions } from "../notifications/renew-expiring-subscriptions";
import { restartRemoval } from "../removal/restart-removal";
import { transitionConnection } from "./transition-connection";

/** Finished job requests are kept this long for the record. */
const KEEP_FINISHED_JOBS_MS = 7 * 24 * 3_600_000;

export type SweepOutcome = {
  pullsRequeued: number;
  runsEnded: number;
  removalsRestarted: number;
  syncingCleared: number;
  subscriptionsRequested: number;
  jobsRedelivered: number;
  jobsPruned: number;
};

/**
 * The level-triggered repair, every minute: whatever an edge (an event, a notification, a job) missed,
 * this finds from the database's state alone, so no status stays transient for ever.
 * - A run queued or running with no sign of life for STALL_AFTER_MS and no job left to finish it: a
 *   queued pull (Sync Calendar) is asked for again on its own row; any other is ended with the reason
 *   (a removal's run is cancelled, and the next rule restarts the removal).
 * - A connection `disconnecting` with no removal alive (and whose last removal did not fail for good, which
 *   waits for an admin's Remove Calendar) gets its removal restarted.
 * - A connection shown `syncing` with no pull running goes back to `connected`.
 * - Subscriptions due for renewal (or missing) are asked for.
 * - Job requests that could not be handed to Inngest are sent again; old finished ones are dropped.
 */
export async function sweepTransientStates({ ctx }: { ctx: ServiceContext }): Promise<SweepOutcome> {
  const now = ctx.now();
  const before = new Date(now.getTime() - STALL_AFTER_MS);
  const outcome: SweepOutcome = {
    pullsRequeued: 0,
    runsEnded: 0,
    removalsRestarted: 0,
    syncingCleared: 0,
    subscriptionsRequested: 0,
    jobsRedelivered: 0,
    jobsPruned: 0,
  };

  for (const run of await stalledSyncRuns(ctx.db, before)) {
    if (run.kind === "pull" && run.status === "queued") {
      // The same row, and an id per run: asked for once however many sweeps see it before it starts.
      await ctx.jobs.send({
        name: "sync/pull.requested",
        data: { connectionId: run.connectionId, trigger: run.trigger, runId: run.id },
        id: `sweep:pull:${run.id}`,
      });
      outcome.pullsRequeued++;
      continue;
    }
    const removal = run.kind === "removal";
    const ended = await finishRun(
      ctx.db,
      run.id,
      {
        status: removal ? "cancelled" : "failed",
        errorClass: "RunStalled",
        errorMessage: removal
          ? "The removal stopped without progress; it was started again"
          : `Stopped without progress for ${STALL_AFTER_MS / 60_000} minutes; the next sync runs it again`,
      },
      now,
      { unfinishedOnly: true },
    );
    if (ended) outcome.runsEnded++;
  }

  for (const { connectionId, instructorId } of await strandedRemovals(ctx.db, before)) {
    try {
      await restartRemoval({ ctx, input: { connectionId, instructorId, restartedBy: "sweep" } });
      outcome.removalsRestarted++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error; // finished or reconnected meanwhile
    }
  }

  for (const { connectionId } of await idleSyncingConnections(ctx.db)) {
    const moved = await transitionConnection({
      ctx,
      where: { connectionId },
      event: { type: "sync_finished" },
      from: "syncing",
    }).catch((error: unknown) => {
      if (error instanceof InvalidConnectionTransitionError) return null;
      throw error;
    });
    if (moved) outcome.syncingCleared++;
  }

  outcome.subscriptionsRequested = (await renewExpiringSubscriptions({ ctx })).sent;
  outcome.jobsRedelivered = (await ctx.jobs.redeliver?.()) ?? 0;
  outcome.jobsPruned = await pruneFinishedJobs(ctx.db, new Date(now.getTime() - KEEP_FINISHED_JOBS_MS));
  return outcome;
}

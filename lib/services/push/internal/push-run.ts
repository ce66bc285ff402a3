import { eq } from "drizzle-orm";
import { syncRuns, type SyncCounts, type SyncTrigger } from "@/db/schema/sync-runs";
import type { ServiceContext } from "@/lib/context/service-context";
import { ConnectionFencedError } from "@/lib/sync/connection-fence";
import { errorClassOf } from "../../internal/error-class";

/** Opens the `sync_runs` row of one push of one connection. */
export async function startPushRun(ctx: ServiceContext, connectionId: string, trigger: SyncTrigger): Promise<string> {
  const now = ctx.now();
  const [run] = await ctx.db
    .insert(syncRuns)
    .values({ connectionId, trigger, kind: "push", status: "running", queuedAt: now, dueAt: now, startedAt: now })
    .returning({ id: syncRuns.id });
  return run!.id;
}

/**
 * Closes it with the tallies, the Graph requests made and, for a failed run, the error (never a token).
 * A run a removal fenced off is cancelled, not failed: there is nothing to retry.
 */
export async function finishPushRun(
  ctx: ServiceContext,
  runId: string,
  outcome: { counts: SyncCounts; graphRequests: number; error: Error | null },
): Promise<void> {
  await ctx.db
    .update(syncRuns)
    .set({
      status: !outcome.error ? "succeeded" : outcome.error instanceof ConnectionFencedError ? "cancelled" : "failed",
      finishedAt: ctx.now(),
      counts: outcome.counts,
      graphRequests: outcome.graphRequests,
      errorClass: outcome.error ? errorClassOf(outcome.error) : null,
      errorMessage: outcome.error?.message ?? null,
    })
    .where(eq(syncRuns.id, runId));
}

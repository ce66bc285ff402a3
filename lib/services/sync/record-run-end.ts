import { finishRun, type RunEnding } from "@/db/queries/sync-runs";
import type { SyncCounts, SyncTrigger } from "@/db/schema/sync-runs";
import type { DbOrTx } from "@/db/types";
import type { ServiceContext } from "@/lib/context/service-context";
import { ReconnectRequiredError } from "@/lib/errors";
import type { RefusedGrantAction } from "@/lib/sync/refused-grant";
import { handleRefusedGrant } from "./handle-refused-grant";
import { runEndingOf } from "./internal/run-ending";

/**
 * Records a connection run's end by runEndingOf, then, when Microsoft refused the grant, hands the error to
 * handleRefusedGrant (the one refused-grant rule: Reconnect needed, or Removal when the instructor removed
 * the app) and returns what it did. The run is recorded first, so it says why whatever the refusal does next.
 * `db`: the transaction the run's results are written in, when the run ends inside one.
 */
export async function recordRunEnd(
  ctx: ServiceContext,
  run: {
    runId: string;
    instructorId: string;
    trigger: SyncTrigger;
    counts?: SyncCounts;
    graphRequests: number;
    error: unknown;
    /** False when the refusal is ours, not Microsoft's (no sign-in stored to act with): only recorded. */
    handleRefusal?: boolean;
  },
  db: DbOrTx = ctx.db,
): Promise<{ ending: RunEnding; refusal: RefusedGrantAction | null }> {
  const ending = {
    ...runEndingOf(run.error, ctx.now()),
    ...(run.counts && { counts: run.counts }),
    graphRequests: run.graphRequests,
  };
  await finishRun(db, run.runId, ending, ctx.now());
  const refusal =
    run.error instanceof ReconnectRequiredError && run.handleRefusal !== false
      ? await handleRefusedGrant({ ctx, instructorId: run.instructorId, error: run.error, trigger: run.trigger })
      : null;
  return { ending, refusal };
}

import { finishRun, unfinishedRun } from "@/db/queries/sync-runs";
import type { ServiceContext } from "@/lib/context/service-context";
import { logConnectionEvent } from "../internal/log-connection-event";
import { removalConnection } from "./internal/removal-connection";

/**
 * The removal job gave up (its retries are exhausted): its run is marked failed with the reason, so the
 * table stops showing it running and says why. The connection stays `disconnecting` (nothing syncs), and
 * an admin's Remove Calendar starts the removal again. The run is the request's, or, for a request that
 * named none, the connection's newest unfinished removal. A run already finished is left as it is.
 */
export async function failRemovalRun({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; runId?: string; errorClass: string; reason: string };
}): Promise<{ runId: string | null }> {
  const connection = await removalConnection(ctx, input.connectionId);
  if (!connection) return { runId: null };
  const runId = await unfinishedRun(ctx.db, connection.id, "removal", input.runId);
  if (!runId) return { runId: null };
  // Its counts and Graph requests stay: the steps added them as they went.
  const failed = await finishRun(
    ctx.db,
    runId,
    { status: "failed", errorClass: input.errorClass, errorMessage: input.reason },
    ctx.now(),
    { unfinishedOnly: true },
  );
  if (failed)
    await logConnectionEvent(
      ctx,
      connection.instructorId,
      "removal_failed",
      `Removal gave up after its retries: ${input.reason}. Remove Calendar starts it again.`,
    );
  return { runId: failed ? runId : null };
}

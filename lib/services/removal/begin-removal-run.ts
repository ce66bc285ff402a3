import { claimRun, finishRun, openRun } from "@/db/queries/sync-runs";
import type { ServiceContext } from "@/lib/context/service-context";
import { removalConnection } from "./internal/removal-connection";

/**
 * The removal job's first step: its sync run turns `running` (opened here when the request queued none).
 * `proceed` is false when the connection is not `disconnecting` (already finished by an earlier delivery of
 * the same request, or gone): the job then stops, so a repeated or late event changes nothing.
 */
export async function beginRemovalRun({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; runId?: string };
}): Promise<{ runId: string | null; proceed: boolean }> {
  const connection = await removalConnection(ctx, input.connectionId);
  const proceed = connection?.status === "disconnecting";
  if (!connection) return { runId: null, proceed };
  if (input.runId) {
    // Replayed after a crash, the step finds its run already running: claimed again, alive now.
    if (proceed)
      await claimRun(ctx.db, {
        runId: input.runId,
        connectionId: connection.id,
        kind: "removal",
        from: ["queued", "running"],
        now: ctx.now(),
      });
    else await finishRun(ctx.db, input.runId, { status: "cancelled" }, ctx.now(), { unfinishedOnly: true });
    return { runId: input.runId, proceed };
  }
  if (!proceed) return { runId: null, proceed };
  const runId = await openRun(ctx.db, {
    connectionId: input.connectionId,
    kind: "removal",
    trigger: "manual",
    now: ctx.now(),
    running: true,
  });
  return { runId, proceed };
}

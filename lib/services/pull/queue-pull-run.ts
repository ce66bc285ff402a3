import type { ServiceContext } from "@/lib/context/service-context";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import { openRun } from "@/db/queries/sync-runs";

/**
 * A queued sync_runs row for a pull requested without one (the hourly fan-out, the first pull after
 * connecting): the pull job records it as its first step, so its retries reuse the same row.
 */
export async function queuePullRun({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; trigger: SyncTrigger };
}) {
  return { runId: await openRun(ctx.db, { ...input, kind: "pull", now: ctx.now() }) };
}

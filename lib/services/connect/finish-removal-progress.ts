import { eq } from "drizzle-orm";
import { syncRuns } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { runOfRemovalProgressLink } from "./internal/removal-progress-link";

export type FinishRemovalProgress =
  | { state: "invalid" }
  | { state: "working" }
  /** Our entries were deleted from their Outlook (`deleted` of them), and the permission deleted again. */
  | { state: "done"; deleted: number }
  /** Microsoft refused again, or the run gave up: `left` entries are still there. */
  | { state: "incomplete"; left: number };

/**
 * What the instructor's page after a finish-removal sign-in shows: the removal run its signed link names,
 * still working, done (with how many entries were deleted), or not complete.
 */
export async function finishRemovalProgress({
  ctx,
  link,
}: {
  ctx: ServiceContext;
  link: string;
}): Promise<FinishRemovalProgress> {
  const runId = runOfRemovalProgressLink(ctx, link);
  if (!runId) return { state: "invalid" };
  const [run] = await ctx.db
    .select({ status: syncRuns.status, counts: syncRuns.counts, errorClass: syncRuns.errorClass })
    .from(syncRuns)
    .where(eq(syncRuns.id, runId));
  if (!run) return { state: "invalid" };
  if (run.status === "queued" || run.status === "running") return { state: "working" };
  if (run.status === "succeeded" && !run.errorClass) return { state: "done", deleted: run.counts.deleted ?? 0 };
  return { state: "incomplete", left: run.counts.leftovers ?? 0 };
}

import { sweepTransientStates } from "@/lib/services/sync/sweep-transient-states";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";

/**
 * Every minute: the level-triggered repair (stalled runs, stranded removals, a stuck `syncing`, due
 * subscriptions, job requests Inngest never got). Edges give speed; this gives correctness.
 */
export const createSyncSweepJob = (context: ContextSource) =>
  inngest.createFunction(
    { id: "sync-sweep", triggers: [{ cron: "TZ=UTC * * * * *" }], concurrency: { limit: 1 } },
    async ({ step }) => step.run("sweep", async () => sweepTransientStates({ ctx: await context() })),
  );

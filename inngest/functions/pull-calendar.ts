import { pullConnection } from "@/lib/services/pull/pull-connection";
import { queuePullRun } from "@/lib/services/pull/queue-pull-run";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";
import { syncPullRequested } from "../events";
import { retryAfterGraph } from "./graph-retry";

/**
 * One pull of one connection's Outlook calendar into the mirror, one at a time per connection.
 * The run's sync_runs row is made first (or given), so retries report on the same row.
 */
export const createPullCalendarJob = (context: ContextSource) =>
  inngest.createFunction(
    {
      id: "pull-calendar",
      triggers: [syncPullRequested],
      concurrency: { key: "event.data.connectionId", limit: 1 },
      retries: 5,
    },
    async ({ event, step }) => {
      const { connectionId, trigger, confirmHeld, baseline, onlyNotified } = event.data;
      const runId =
        event.data.runId ??
        (await step.run("queue-run", async () => {
          return (await queuePullRun({ ctx: await context(), input: { connectionId, trigger } })).runId;
        }));
      return step.run("pull", async () =>
        retryAfterGraph(async () =>
          pullConnection({ ctx: await context(), input: { connectionId, runId, confirmHeld, baseline, onlyNotified } }),
        ),
      );
    },
  );

import { pullConnection } from "@/lib/services/pull/pull-connection";
import { queuePullRun } from "@/lib/services/pull/queue-pull-run";
import { NOTIFIED_RECHECK_DELAYS_MS } from "@/lib/sync/notified-changes";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";
import { syncPullRequested } from "../events";
import { retryAfterGraph } from "./graph-retry";

/**
 * One pull of one connection's Outlook calendar into the mirror, one at a time per connection.
 * The run's sync_runs row is made first (or given), so retries report on the same row. A notification's
 * pull whose round did not show a notified id asks for another after a wait (`recheck` counts them).
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
      const { connectionId, trigger, confirmHeld, baseline, onlyNotified, recheck } = event.data;
      const runId =
        event.data.runId ??
        (await step.run("queue-run", async () => {
          return (await queuePullRun({ ctx: await context(), input: { connectionId, trigger } })).runId;
        }));
      const result = await step.run("pull", async () =>
        retryAfterGraph(async () =>
          pullConnection({
            ctx: await context(),
            input: { connectionId, runId, confirmHeld, baseline, onlyNotified, recheck },
          }),
        ),
      );
      // Graph had not caught up with a notified change: check again after a durable wait (a sleeping run
      // holds no concurrency slot), a bounded number of times (NOTIFIED_RECHECK_DELAYS_MS).
      const done = recheck ?? 0;
      const wait = NOTIFIED_RECHECK_DELAYS_MS[done];
      if (result.status === "succeeded" && result.recheck && wait !== undefined) {
        await step.sleep("wait-before-recheck", wait);
        await step.sendEvent("recheck", {
          name: "sync/pull.requested",
          data: { connectionId, trigger: "notification", onlyNotified: true, recheck: done + 1 },
        });
      }
      return result;
    },
  );

import { RetryAfterError } from "inngest";
import { listConnectionsToConverge } from "@/lib/services/push/list-connections-to-converge";
import { pushConnectionCalendar } from "@/lib/services/push/push-connection-calendar";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";
import { syncPushRequested } from "../events";
import { retryAfterGraph } from "./graph-retry";

/** How long to wait when another process held some entries' leases: it is finishing them. */
const BUSY_RETRY_MS = 5_000;

/**
 * Converges one connection's Outlook calendar to its bookings. One run per connection at a time
 * (requests queue behind it, and each finds only what is left). Graph throttling or an outage is
 * retried after Graph's Retry-After (the job-layer contract in ARCHITECTURE.md, "Graph client").
 */
export const createSyncPushJob = (context: ContextSource) =>
  inngest.createFunction(
    {
      id: "sync-push",
      triggers: [syncPushRequested],
      concurrency: { key: "event.data.connectionId", limit: 1 },
      retries: 8,
    },
    async ({ event, step, runId }) =>
      step.run("converge", async () => {
        // `prepared` (requests recorded before Push planned once) is ignored.
        const { connectionId, trigger, eventIds } = event.data;
        // The run's own lease holder: a resumed run (another attempt, a restarted process) takes its entries up at once.
        const input = { connectionId, trigger, eventIds, holder: `push:${runId}` };
        const result = await retryAfterGraph(async () => pushConnectionCalendar({ ctx: await context(), input }));
        if (result && result.busy > 0) throw new RetryAfterError("Entries held by another push", BUSY_RETRY_MS);
        return result && { connectionId: result.connectionId, counts: result.counts };
      }),
  );

/**
 * Hourly: every connection with something to converge gets a push (pending and failed entries, lost
 * triggers), recorded as bulk work (people's bookings go first).
 */
export const createSyncPushCycleJob = (context: ContextSource) =>
  inngest.createFunction(
    { id: "sync-push-cycle", triggers: [{ cron: "TZ=UTC 40 * * * *" }], concurrency: { limit: 1 } },
    async ({ step }) => {
      const connectionIds = await step.run("list-connections", async () =>
        listConnectionsToConverge({ ctx: await context() }),
      );
      if (connectionIds.length > 0)
        await step.run("fan-out", async () =>
          (await context()).jobs.send(
            connectionIds.map((connectionId) => ({
              name: syncPushRequested.name,
              data: { connectionId, trigger: "hourly" as const },
            })),
          ),
        );
      return { connections: connectionIds.length };
    },
  );

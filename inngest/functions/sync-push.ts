import { RetryAfterError } from "inngest";
import { MicrosoftUnavailableError } from "@/lib/errors";
import { listConnectionsToConverge } from "@/lib/services/push/list-connections-to-converge";
import { pushConnectionCalendar } from "@/lib/services/push/push-connection-calendar";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";
import { syncPushRequested } from "../events";

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
    async ({ event, step }) =>
      step.run("converge", async () => {
        try {
          const result = await pushConnectionCalendar({ ctx: await context(), input: event.data });
          if (result?.runs.some((r) => r.busy > 0))
            throw new RetryAfterError("Entries held by another push", BUSY_RETRY_MS);
          return result && { runs: result.runs.map(({ connectionId, counts }) => ({ connectionId, counts })) };
        } catch (error) {
          if (error instanceof MicrosoftUnavailableError && error.retryAfterMs !== undefined)
            throw new RetryAfterError(error.message, error.retryAfterMs, { cause: error });
          throw error;
        }
      }),
  );

const FAN_OUT_CHUNK = 100;
/** Steps stay within the 1,000 Inngest allows a run; rounds that wait happen in-process only. */
const MAX_FAN_OUT_ROUNDS = 450;

/** Hourly: every connection with something to converge gets a push (pending and failed entries, lost triggers). */
export const createSyncPushCycleJob = (context: ContextSource) =>
  inngest.createFunction(
    { id: "sync-push-cycle", triggers: [{ cron: "TZ=UTC 40 * * * *" }], concurrency: { limit: 1 } },
    async ({ step }) => {
      const connectionIds = await step.run("list-connections", async () =>
        listConnectionsToConverge({ ctx: await context() }),
      );
      // In chunks: the in-process queue refuses a batch past its bound (Inngest never does), and the
      // run then waits for room (the sleep gives its worker up) instead of dropping the rest.
      for (let i = 0, round = 0; i < connectionIds.length && round < MAX_FAN_OUT_ROUNDS; round++) {
        const chunk = connectionIds.slice(i, i + FAN_OUT_CHUNK);
        try {
          await step.sendEvent(
            "fan-out",
            chunk.map((connectionId) => ({
              name: syncPushRequested.name,
              data: { connectionId, trigger: "hourly" as const },
            })),
          );
          i += chunk.length;
        } catch (error) {
          if ((error as Error | null)?.name !== "JobQueueFullError") throw error;
          await step.sleep("wait-for-room", 1_000);
        }
      }
      return { connections: connectionIds.length };
    },
  );

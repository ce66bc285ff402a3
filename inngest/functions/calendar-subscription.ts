import { ensureCalendarSubscription } from "@/lib/services/notifications/ensure-calendar-subscription";
import { handleLifecycleNotification } from "@/lib/services/notifications/handle-lifecycle-notification";
import { renewExpiringSubscriptions } from "@/lib/services/notifications/renew-expiring-subscriptions";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";
import { syncSubscriptionRequested } from "../events";
import { retryAfterGraph } from "./retry-after-graph";

/** Creates, renews or recreates one connection's Graph subscription; one at a time per connection. */
export const createCalendarSubscriptionJob = (context: ContextSource) =>
  inngest.createFunction(
    {
      id: "calendar-subscription",
      triggers: [syncSubscriptionRequested],
      concurrency: { key: "event.data.connectionId", limit: 1 },
      retries: 5,
    },
    async ({ event, step }) => {
      const { connectionId, lifecycleEvent, renewNow } = event.data;
      return step.run(lifecycleEvent ?? "ensure", async () =>
        retryAfterGraph(async () =>
          lifecycleEvent
            ? handleLifecycleNotification({ ctx: await context(), input: { connectionId, lifecycleEvent } })
            : ensureCalendarSubscription({ ctx: await context(), input: { connectionId, renewNow } }),
        ),
      );
    },
  );

/** Hourly at :20: renew subscriptions nearing expiry and create missing ones (each its own job). */
export const createRenewSubscriptionsJob = (context: ContextSource) =>
  inngest.createFunction(
    { id: "renew-subscriptions", triggers: [{ cron: "TZ=UTC 20 * * * *" }], concurrency: { limit: 1 } },
    async ({ step }) =>
      step.run("renew-expiring-subscriptions", async () => renewExpiringSubscriptions({ ctx: await context() })),
  );

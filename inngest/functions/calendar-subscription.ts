import { ensureCalendarSubscription } from "@/lib/services/notifications/ensure-calendar-subscription";
import { handleLifecycleNotification } from "@/lib/services/notifications/handle-lifecycle-notification";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";
import { syncSubscriptionRequested } from "../events";
import { retryAfterGraph } from "./graph-retry";

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

import { inngest } from "../client";
import { syncNotificationReceived } from "../events";

/**
 * Graph's notifications come in bursts, twice, late and out of order (graph-behaviour.md §9.3): they
 * only trigger a pull, and the pull reads what changed (Default Privacy Mode: its delta round; Full
 * Private Mode: the ids the webhook noted, every one of the burst, since they are kept in the database
 * rather than in the debounced event). Debounced per connection, so the notifications of a few seconds
 * are one pull (at most 20 s after the first, however long the burst lasts).
 */
export const createNotificationPullJob = () =>
  inngest.createFunction(
    {
      id: "notification-pull",
      triggers: [syncNotificationReceived],
      debounce: { key: "event.data.connectionId", period: "3s", timeout: "20s" },
    },
    async ({ event, step }) =>
      step.sendEvent("request-pull", {
        name: "sync/pull.requested",
        data: { connectionId: event.data.connectionId, trigger: "notification", onlyNotified: true },
      }),
  );

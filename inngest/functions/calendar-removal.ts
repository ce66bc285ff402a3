import { finishDisconnect } from "@/lib/services/connect/finish-disconnect";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";
import { calendarRemovalRequested } from "../events";

/**
 * After a disconnection: undo what the sync created (the Removal capability adds its steps
 * before the last one), then mark the connection disconnected. One run per connection at a time.
 */
export const createCalendarRemovalJob = (context: ContextSource) =>
  inngest.createFunction(
    {
      id: "calendar-removal",
      triggers: [calendarRemovalRequested],
      concurrency: { key: "event.data.connectionId", limit: 1 },
      retries: 5,
    },
    async ({ event, step }) =>
      step.run("finish-disconnect", async () => finishDisconnect({ ctx: await context(), input: event.data })),
  );

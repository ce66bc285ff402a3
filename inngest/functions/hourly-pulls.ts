import { scheduleHourlyPulls } from "@/lib/services/pull/schedule-hourly-pulls";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";

/**
 * On the hour: one pull per connected instructor (each its own pull-calendar run), recorded as bulk
 * work: it queues behind anything a person asked for, and never takes the workers kept for them.
 */
export const createHourlyPullsJob = (context: ContextSource) =>
  inngest.createFunction(
    { id: "hourly-pulls", triggers: [{ cron: "TZ=UTC 0 * * * *" }], concurrency: { limit: 1 } },
    async ({ step }) => step.run("schedule-hourly-pulls", async () => scheduleHourlyPulls({ ctx: await context() })),
  );

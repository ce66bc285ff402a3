import { scheduleHourlyPulls } from "@/lib/services/pull/schedule-hourly-pulls";
import { inngest } from "../client";
import type { ContextSource } from "../context-source";

/** How long the fan-out waits for room when the job queue is full (the sleep gives its worker up). */
const QUEUE_FULL_WAIT_MS = 1_000;
/** Two steps a round, within the 1,000 steps Inngest allows a run; rounds are only taken in-process. */
const MAX_ROUNDS = 450;

/**
 * On the hour: one pull per connected instructor (each its own pull-calendar run). A queue that is
 * full (the in-process runtime holds at most `maxRuns` runs) is waited for, round after round, so
 * every connection is reached however many there are; Inngest never refuses, so there it is one round.
 */
export const createHourlyPullsJob = (context: ContextSource) =>
  inngest.createFunction(
    { id: "hourly-pulls", triggers: [{ cron: "TZ=UTC 0 * * * *" }], concurrency: { limit: 1 } },
    async ({ step }) => {
      let after: string | null = null;
      let sent = 0;
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const outcome = await step.run("schedule-hourly-pulls", async () =>
          scheduleHourlyPulls({ ctx: await context(), input: { after } }),
        );
        sent += outcome.sent;
        after = outcome.lastSentId ?? after;
        if (!outcome.refused) return { sent, rounds: round + 1 };
        await step.sleep("wait-for-room", QUEUE_FULL_WAIT_MS);
      }
      return { sent, rounds: MAX_ROUNDS, unfinished: true };
    },
  );

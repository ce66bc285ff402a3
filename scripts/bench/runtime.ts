/**
 * The app's jobs run as `npm run dev` runs them: the in-process runtime with the app's functions
 * (its default workers), the world's database and context for their steps, the system clock (retries wait for real).
 */
import { randomUUID } from "node:crypto";
import { setTimeout as wait } from "node:timers/promises";
import { jobRequests } from "@/db/schema";
import { unfinishedJobCount } from "@/db/queries/job-requests";
import { createFunctions } from "@/inngest/functions";
import { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import { CRON_EVENT } from "@/inngest/runtime/job-planner";
import type { World } from "./fixture";

export function startRuntime(world: World, options: { workers?: number } = {}) {
  const functions = createFunctions(async () => world.ctx);
  const runtime = new InProcessRuntime({
    db: world.db,
    queue: `bench:${randomUUID()}`,
    functions,
    // BENCH_JOB_WORKERS: what another worker count would give (the figures are the app's default otherwise).
    workers: options.workers ?? (Number(process.env.BENCH_JOB_WORKERS) || undefined),
  });
  runtime.start();
  world.ctx.jobs = runtime.jobs;
  return {
    runtime,
    /**
     * Polls until nothing of this runtime's queue is unfinished (queued, running or waiting to retry);
     * every `intervalMs` (a 10,000-run cycle is polled less often, so the polling is not a load of its own).
     */
    async drained(intervalMs = 20) {
      while (runtime.executingRuns > 0 || (await unfinishedJobCount(world.db, runtime.queue)) > 0)
        await wait(intervalMs);
    },
    /**
     * The bench fires the hourly cycle itself (`runCronNow`); a top of the hour passing during a long run
     * would fan out a second cycle into the one measured. Its next `hours` ticks are recorded as done, as
     * when another process of the app took them (a tick is one row per function and time: the runtime's
     * own timer then records nothing).
     */
    async holdHourlyTicks(hours: number) {
      const id = functions.map((f) => f.id()).find((i) => i === "hourly-pulls" || i.endsWith("-hourly-pulls"))!;
      const hour = 3_600_000;
      const now = new Date();
      const ticks = Array.from(
        { length: hours },
        (_, i) => new Date((Math.floor(now.getTime() / hour) + 1 + i) * hour),
      );
      await world.db
        .insert(jobRequests)
        .values(
          ticks.map((at) => ({
            queue: runtime.queue,
            eventName: CRON_EVENT,
            eventData: { heldBy: "bench" },
            functionId: id,
            idempotencyKey: `cron:${runtime.queue}:${id}:${at.toISOString()}`,
            priority: 1,
            state: "succeeded" as const,
            runAfter: at,
            finishedAt: now,
          })),
        )
        .onConflictDoNothing();
    },
    stop: () => runtime.shutdown({ timeoutMs: 5_000 }),
  };
}

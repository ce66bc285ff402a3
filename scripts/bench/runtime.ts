/**
 * The app's jobs run as `npm run dev` runs them: the in-process runtime with the app's functions
 * (its default workers), the world's database and context for their steps, the system clock (retries wait for real).
 */
import { randomUUID } from "node:crypto";
import { setTimeout as wait } from "node:timers/promises";
import { unfinishedJobCount } from "@/db/queries/job-requests";
import { createFunctions } from "@/inngest/functions";
import { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import type { World } from "./fixture";

export function startRuntime(world: World, options: { workers?: number } = {}) {
  const runtime = new InProcessRuntime({
    db: world.db,
    queue: `bench:${randomUUID()}`,
    functions: createFunctions(async () => world.ctx),
    workers: options.workers,
  });
  runtime.start();
  world.ctx.jobs = runtime.jobs;
  return {
    runtime,
    /** Polls until nothing of this runtime's queue is unfinished (queued, running or waiting to retry). */
    async drained() {
      while (runtime.executingRuns > 0 || (await unfinishedJobCount(world.db, runtime.queue)) > 0) await wait(20);
    },
    stop: () => runtime.shutdown({ timeoutMs: 5_000 }),
  };
}

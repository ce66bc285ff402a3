/**
 * The app's jobs run as `npm run dev` runs them: the in-process runtime with the app's functions
 * (its default workers and queue bound), the world's context for their steps, the system clock (retries wait for real).
 */
import { setTimeout as wait } from "node:timers/promises";
import { createFunctions } from "@/inngest/functions";
import { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import type { World } from "./fixture";

export function startRuntime(world: World, options: { maxRuns?: number } = {}) {
  const runtime = new InProcessRuntime({ functions: createFunctions(async () => world.ctx), maxRuns: options.maxRuns });
  world.ctx.jobs = { send: async (events) => void (await runtime.send(events)) };
  return {
    runtime,
    /** Polls until no run is alive (queued, running or waiting to retry). */
    async drained() {
      while (runtime.liveRuns > 0) await wait(20);
    },
    stop: () => runtime.shutdown({ timeoutMs: 5_000 }),
  };
}

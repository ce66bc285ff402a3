import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/db/types";
import { ManualClock } from "../clock";
import { InProcessRuntime, type InProcessRuntimeOptions } from "../in-process-runtime";

/**
 * A runtime for one test: its own queue (test files sharing a PostgreSQL database never run each
 * other's jobs), started. On a manual clock it looks for work only when told or when a timer falls
 * due, so a test drives time; on the real clock it polls often, as tests wait for real.
 */
export function testRuntime(options: Omit<InProcessRuntimeOptions, "queue"> & { queue?: string; db: DbOrTx }) {
  const runtime = new InProcessRuntime({
    pollMs: options.clock instanceof ManualClock ? null : 50,
    leaseMs: 60_000,
    ...options,
    queue: options.queue ?? `test:${randomUUID()}`,
  });
  runtime.start();
  return runtime;
}

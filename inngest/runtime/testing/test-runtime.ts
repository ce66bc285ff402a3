import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/db/types";
import { ManualClock } from "../clock";
import { InProcessRuntime, type InProcessRuntimeOptions } from "../in-process-runtime";

/**
 * A runtime for one test: its own queue (test files sharing a PostgreSQL database never run each
 * other's jobs), started. On a manual clock it looks for work only when told or when a timer falls
 * due, and fires the crons as the test moves time; on the real clock it polls often and fires no cron
 * timer (a test never means a cron to fire because a minute happened to turn; `runCronNow` still works).
 * The every-minute sweep is left out unless `sweep`: it repairs whatever it finds in the database, other
 * test files' rows included, so only a test with a database of its own runs it.
 */
export function testRuntime(
  options: Omit<InProcessRuntimeOptions, "queue"> & { queue?: string; db: DbOrTx; sweep?: boolean },
) {
  const { sweep = false, ...rest } = options;
  const manual = options.clock instanceof ManualClock;
  const runtime = new InProcessRuntime({
    pollMs: manual ? null : 50,
    leaseMs: 60_000,
    cronTimers: manual,
    ...rest,
    functions: sweep ? rest.functions : rest.functions.filter((f) => !f.id().endsWith("sync-sweep")),
    queue: options.queue ?? `test:${randomUUID()}`,
  });
  runtime.start();
  return runtime;
}

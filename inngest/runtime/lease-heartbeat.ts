import { renewJobLease } from "@/db/queries/job-requests";
import type { DbOrTx } from "@/db/types";
import type { Clock } from "./clock";

/**
 * Keeps a claimed run's lease alive while its attempt executes: renewed every third of the lease, so a
 * slow attempt is never taken over, while a dead process's lease lapses and another claims the run.
 * Returns the function that stops it. A renewal that fails is left to the next one (or to the lapse).
 */
export function startLeaseHeartbeat(options: {
  db: DbOrTx;
  runId: string;
  processId: string;
  clock: Clock;
  leaseMs: number;
  /** The process was killed (tests): a dead process renews nothing. */
  killed: () => boolean;
}): () => void {
  const { db, runId, processId, clock, leaseMs, killed } = options;
  const timer = setInterval(
    () => {
      if (!killed())
        void renewJobLease(db, runId, processId, new Date(clock.now().getTime() + leaseMs)).catch(() => undefined);
    },
    Math.max(1_000, leaseMs / 3),
  );
  timer.unref?.();
  return () => clearInterval(timer);
}

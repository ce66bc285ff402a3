import type { JobEvent } from "@/lib/jobs/jobs";
import type { ServiceContext } from "./service-context";

/**
 * Runs `work` in a database transaction with a context whose `jobs.send` is held until the
 * transaction commits, then handed to the outer context's jobs (so a job never starts before the
 * rows it reads exist, and a rolled-back change starts nothing). Nested calls hold their events
 * until the outermost commit.
 */
export async function inTransaction<T>(ctx: ServiceContext, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  const held: JobEvent[] = [];
  const result = await ctx.db.transaction((db) => {
    held.length = 0; // a driver retrying the callback starts from scratch
    return work({ ...ctx, db, jobs: { send: async (events) => void held.push(...[events].flat()) } });
  });
  if (held.length) await ctx.jobs.send(held);
  return result;
}

import type { JobEvent } from "@/lib/jobs/jobs";
import type { ServiceContext } from "./service-context";

/**
 * Runs `work` in a database transaction with a context whose `jobs.send` is held until the
 * transaction commits, then handed to the outer context's jobs (so a job never starts before the
 * rows it reads exist, and a rolled-back change starts nothing). Tasks queued with
 * `tx.beforeCommit` run after `work`, inside the transaction, in the order queued (one may queue
 * another). Nested calls hold their events and their tasks until the outermost commit.
 */
export async function inTransaction<T>(ctx: ServiceContext, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  const held: JobEvent[] = [];
  const result = await ctx.db.transaction(async (db) => {
    held.length = 0; // a driver retrying the callback starts from scratch
    const tasks: ((tx: ServiceContext) => Promise<void>)[] = [];
    const tx: ServiceContext = {
      ...ctx,
      db,
      jobs: { send: async (events) => void held.push(...[events].flat()) },
      beforeCommit: ctx.beforeCommit ?? ((task) => void tasks.push(task)),
    };
    const value = await work(tx);
    for (let i = 0; i < tasks.length; i++) await tasks[i]!(tx);
    return value;
  });
  if (held.length) await ctx.jobs.send(held);
  return result;
}

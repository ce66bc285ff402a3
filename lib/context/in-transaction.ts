import type { JobEvent } from "@/lib/jobs/jobs";
import type { ServiceContext } from "./service-context";

/**
 * Runs `work` in a database transaction. Its `jobs.send` is held and, with a durable job sender,
 * recorded in the same transaction just before it commits (the outbox: the change and its job exist
 * together or not at all); other senders get the events after the commit. Either way a job never
 * starts before the rows it reads exist, and a rolled-back change starts nothing. Nested calls hold
 * their events until the outermost commit.
 */
export async function inTransaction<T>(ctx: ServiceContext, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  const held: JobEvent[] = [];
  const durable = ctx.jobs.recordsInTransaction === true;
  const result = await ctx.db.transaction(async (db) => {
    held.length = 0; // a driver retrying the callback starts from scratch
    const tx: ServiceContext = {
      ...ctx,
      db,
      jobs: {
        send: async (events) => void held.push(...[events].flat()),
        recordsInTransaction: ctx.jobs.recordsInTransaction,
      },
      inTransaction: true,
    };
    const value = await work(tx);
    if (durable && held.length && !ctx.inTransaction) await ctx.jobs.send(held, { db });
    return value;
  });
  if (held.length && ctx.inTransaction) {
    // Nested: the outer transaction records them (its own send is the held one).
    await ctx.jobs.send(held);
  } else if (held.length) {
    if (durable) ctx.jobs.committed?.();
    else await ctx.jobs.send(held);
  }
  return result;
}

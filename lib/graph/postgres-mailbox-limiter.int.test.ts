import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { PostgresMailboxLimiter } from "./postgres-mailbox-limiter";

// The limiter exists for PostgreSQL deployments, so it runs in the PostgreSQL pass of the suite
// (`DATABASE_URL=… npm run test:integration`, which CI runs); on PGlite the in-process limiter applies.
const databaseUrl = process.env.DATABASE_URL ?? "";

const opened: PostgresMailboxLimiter[] = [];
/** A limiter with its own connection pool: what a second app instance would have. */
const instance = () => {
  const limiter = new PostgresMailboxLimiter(databaseUrl, { maxConnections: 6, pollMs: 5 });
  opened.push(limiter);
  return limiter;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((l) => l.close()));
});

/** True once `promise` settles; lets a test see that an acquire is still waiting. */
function settled(promise: Promise<unknown>): () => boolean {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  return () => done;
}

describe.runIf(databaseUrl)("PostgresMailboxLimiter", () => {
  it("holds a mailbox to 4 concurrent requests across instances, and reaches 4", async () => {
    const mailbox = randomUUID();
    const instances = [instance(), instance()];
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const release = await instances[i % 2]!.acquire(mailbox);
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 15));
        active--;
        await release();
      }),
    );
    expect(peak).toBe(4);
  });

  it("makes a batch wait for all 4 slots, even when another instance holds them", async () => {
    const mailbox = randomUUID();
    const [a, b] = [instance(), instance()];
    const single = await a.acquire(mailbox);
    const batch = b.acquire(mailbox, 4);
    const batchDone = settled(batch);
    await new Promise((r) => setTimeout(r, 100));
    expect(batchDone()).toBe(false);
    await single();
    const releaseBatch = await batch;
    const otherMailbox = await a.acquire(randomUUID()); // other mailboxes are not held up
    await otherMailbox();
    await releaseBatch();
  });

  it("frees the slots of an instance that dies without releasing them", async () => {
    const mailbox = randomUUID();
    const [dying, survivor] = [instance(), instance()];
    await dying.acquire(mailbox, 4);
    const waiting = survivor.acquire(mailbox);
    const waitingDone = settled(waiting);
    await new Promise((r) => setTimeout(r, 100));
    expect(waitingDone()).toBe(false);
    await dying.close(0); // its sessions end; PostgreSQL drops their advisory locks
    await (
      await waiting
    )();
  });
});

import { describe, expect, it } from "vitest";
import { InProcessMailboxLimiter } from "./mailbox-limiter";

/** Runs `count` tasks for one mailbox at once and reports the most that held slots together. */
async function peakConcurrency(limiter: InProcessMailboxLimiter, mailbox: string, count: number, slots = 1) {
  let active = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: count }, async () => {
      const release = await limiter.acquire(mailbox, slots);
      active += slots;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active -= slots;
      await release();
    }),
  );
  return peak;
}

describe("InProcessMailboxLimiter", () => {
  it("lets at most 4 requests of one mailbox run at once, and reaches 4", async () => {
    expect(await peakConcurrency(new InProcessMailboxLimiter(), "a", 20)).toBe(4);
  });

  it("keeps mailboxes apart", async () => {
    const limiter = new InProcessMailboxLimiter();
    const held = await Promise.all(Array.from({ length: 4 }, () => limiter.acquire("a")));
    const other = await limiter.acquire("b"); // does not wait for "a"
    expect([limiter.inUse("a"), limiter.inUse("b")]).toEqual([4, 1]);
    await Promise.all([...held, other].map((release) => release()));
    expect(limiter.inUse("a")).toBe(0);
  });

  it("gives a batch several slots and serves waiters in order, so a batch is not starved", async () => {
    const limiter = new InProcessMailboxLimiter();
    const order: string[] = [];
    const first = await limiter.acquire("a", 1);
    const batch = limiter.acquire("a", 4).then((release) => (order.push("batch"), release));
    const single = limiter.acquire("a", 1).then((release) => (order.push("single"), release));
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([]); // the batch waits for the first request; the single waits behind the batch
    await first();
    await (
      await batch
    )();
    await (
      await single
    )();
    expect(order).toEqual(["batch", "single"]);
  });

  it("ignores a second release of the same slots", async () => {
    const limiter = new InProcessMailboxLimiter();
    const release = await limiter.acquire("a", 2);
    const other = await limiter.acquire("a", 2);
    await release();
    await release();
    expect(limiter.inUse("a")).toBe(2);
    await other();
  });
});

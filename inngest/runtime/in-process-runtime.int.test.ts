import { randomUUID } from "node:crypto";
import { Inngest, eventType } from "inngest";
import { z } from "zod";
import { afterAll, describe, expect, it, vi } from "vitest";
import { unfinishedJobCount } from "@/db/queries/job-requests";
import { createTestDb } from "@/db/testing/create-test-db";
import { ManualClock } from "./clock";
import { InvalidJobEventError, JobRuntimeStoppedError } from "./errors";
import type { InProcessRuntime, RunRecord } from "./in-process-runtime";
import { driveUntil } from "./testing/drive";
import { testRuntime } from "./testing/test-runtime";

// What only the in-process runtime does (on Inngest the server does it): concurrency keys, priority,
// durability across kills and restarts, crons on timers, payload validation at send, step memoisation.
const opened = await createTestDb();
afterAll(() => opened.close());
const client = new Inngest({ id: "runtime-tests" });
const keyed = eventType("test/keyed", { schema: z.object({ key: z.string() }) });
const plain = eventType("test/plain", { schema: z.object({}) });

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

type Fn = ReturnType<typeof client.createFunction>;

function setup(options: { workers?: number; reservedForPeople?: number; queue?: string; functions: Fn[] }) {
  const clock = new ManualClock("2026-11-24T10:07:00Z");
  const runs: RunRecord[] = [];
  const runtime = testRuntime({ ...options, db: opened.db, clock, onRunFinished: (r) => runs.push(r) });
  return { clock, runs, runtime };
}

describe("concurrency", () => {
  it("holds each key to its limit while other keys run", async () => {
    const g = gate();
    const active = new Map<string, number>();
    let peak: Record<string, number> = {};
    const fn = client.createFunction(
      { id: "per-key", triggers: [keyed], concurrency: { key: "event.data.key", limit: 1 } },
      async ({ event, step }) => {
        const key = event.data.key;
        active.set(key, (active.get(key) ?? 0) + 1);
        peak = { ...peak, [key]: Math.max(peak[key] ?? 0, active.get(key)!) };
        await step.run("wait", () => g.opened);
        active.set(key, active.get(key)! - 1);
        return key;
      },
    );
    const { runtime, runs } = setup({ workers: 4, functions: [fn] });
    await runtime.send([
      { name: "test/keyed", data: { key: "a" } },
      { name: "test/keyed", data: { key: "a" } },
      { name: "test/keyed", data: { key: "b" } },
    ]);
    await vi.waitFor(() => expect(Object.fromEntries(active)).toEqual({ a: 1, b: 1 }));
    g.open();
    await runtime.whenIdle();
    expect(runs.map((r) => r.result).sort()).toEqual(["a", "a", "b"]);
    expect(peak).toEqual({ a: 1, b: 1 });
  });

  it("never runs more than `workers` at once", async () => {
    const g = gate();
    let running = 0;
    let peak = 0;
    const fn = client.createFunction({ id: "busy", triggers: [plain] }, async ({ step }) => {
      peak = Math.max(peak, ++running);
      await step.run("wait", () => g.opened);
      running--;
    });
    const { runtime, runs } = setup({ workers: 2, functions: [fn] });
    await runtime.send(Array.from({ length: 6 }, () => ({ name: "test/plain", data: {} })));
    await vi.waitFor(() => expect(running).toBe(2));
    g.open();
    await runtime.whenIdle();
    expect(runs).toHaveLength(6);
    expect(peak).toBe(2);
  });
});

describe("debounce", () => {
  const keyedWithN = eventType("test/debounced", { schema: z.object({ key: z.string(), n: z.number() }) });
  const debounced = client.createFunction(
    {
      id: "debounced",
      triggers: [keyedWithN],
      debounce: { key: "event.data.key", period: "2s", timeout: "10s" },
    },
    async ({ event }) => `${event.data.key}${event.data.n}`,
  );
  const send = (runtime: InProcessRuntime, key: string, n: number) =>
    runtime.send({ name: "test/debounced", data: { key, n } });

  it("runs once per key with the latest event, `period` after the last one", async () => {
    const { runtime, runs, clock } = setup({ functions: [debounced] });
    await send(runtime, "a", 1);
    await send(runtime, "b", 1);
    await clock.advance(1_500);
    await send(runtime, "a", 2); // pushes a's start to 3.5 s
    await clock.advance(1_000); // 2.5 s: b is due, a is not
    await runtime.whenIdle();
    expect(runs.map((r) => r.result)).toEqual(["b1"]);
    await clock.advance(1_000); // 3.5 s
    await runtime.whenIdle();
    expect(runs.map((r) => r.result)).toEqual(["b1", "a2"]);
    await send(runtime, "a", 3); // after a run, a new debounce starts
    await clock.advance(2_000);
    await runtime.whenIdle();
    expect(runs.map((r) => r.result)).toEqual(["b1", "a2", "a3"]);
  });

  it("starts at the timeout even while events keep coming", async () => {
    const { runtime, runs, clock } = setup({ functions: [debounced] });
    for (let i = 0; i < 12; i++) {
      await send(runtime, "k", i);
      await clock.advance(1_000);
      await runtime.whenIdle();
    }
    // Events at 0..11 s, each within the period of the one before: the 10 s timeout started a run with
    // the latest event then (9 s); the events at 10 and 11 s began the next debounce.
    expect(runs.map((r) => r.result)).toEqual(["k9"]);
    await clock.advance(2_000);
    await runtime.whenIdle();
    expect(runs.map((r) => r.result)).toEqual(["k9", "k11"]);
  });
});

describe("no bound, people first", () => {
  it("records any number of runs, and runs what people asked for before bulk work", async () => {
    const g = gate();
    const order: string[] = [];
    const byTrigger = eventType("test/triggered", { schema: z.object({ trigger: z.string(), n: z.number() }) });
    const fn = client.createFunction({ id: "triggered", triggers: [byTrigger] }, async ({ event, step }) => {
      await step.run("wait", () => g.opened);
      order.push(`${event.data.trigger}${event.data.n}`);
    });
    const { runtime } = setup({ workers: 3, reservedForPeople: 1, functions: [fn] });
    // 600 bulk runs, far past the old in-memory bound of 500, then one a person asked for.
    await runtime.send(
      Array.from({ length: 600 }, (_, n) => ({ name: "test/triggered", data: { trigger: "hourly", n } })),
    );
    await runtime.send({ name: "test/triggered", data: { trigger: "manual", n: 0 } });
    // Bulk holds at most workers - reservedForPeople: the manual run starts beside the two bulk ones.
    await vi.waitFor(() => expect(runtime.executingRuns).toBe(3));
    g.open();
    await vi.waitFor(() => expect(order).toHaveLength(601), { timeout: 30_000 });
    expect(order.indexOf("manual0")).toBeLessThan(3);
  });

  it("refuses a payload that does not match the event's schema, recording nothing", async () => {
    const fn = client.createFunction({ id: "typed", triggers: [keyed] }, async () => "ok");
    const { runtime } = setup({ functions: [fn] });
    await expect(runtime.send({ name: "test/keyed", data: { key: 42 } })).rejects.toBeInstanceOf(InvalidJobEventError);
    expect(await unfinishedJobCount(opened.db, runtime.queue)).toBe(0);
  });
});

describe("durability", () => {
  it("shutdown finishes executing attempts, leaves sleeping and queued runs recorded, and a new runtime resumes them", async () => {
    const g = gate();
    const work = client.createFunction({ id: "work", triggers: [plain] }, async ({ step }) =>
      step.run("wait", () => g.opened.then(() => "done")),
    );
    const nap = client.createFunction({ id: "nap", triggers: [keyed] }, async ({ step }) => {
      await step.sleep("long", "1h");
      return "woke";
    });
    const queue = `test:${randomUUID()}`;
    const { runtime, runs, clock } = setup({ workers: 1, functions: [work, nap], queue });
    await runtime.send({ name: "test/keyed", data: { key: "x" } });
    await runtime.send([
      { name: "test/plain", data: {} },
      { name: "test/plain", data: {} },
    ]);
    await vi.waitFor(() => expect(runtime.executingRuns + runs.length).toBeGreaterThan(0));
    const stopping = runtime.shutdown({ timeoutMs: 5_000 });
    await expect(runtime.send({ name: "test/plain", data: {} })).rejects.toBeInstanceOf(JobRuntimeStoppedError);
    g.open();
    expect((await stopping).leftRunning).toBe(0);
    const left = await unfinishedJobCount(opened.db, queue);
    expect(left).toBeGreaterThan(0);

    const after: RunRecord[] = [];
    const next = testRuntime({
      db: opened.db,
      clock,
      queue,
      functions: [work, nap],
      onRunFinished: (r) => after.push(r),
    });
    await driveUntil(next, clock, () => [...runs, ...after].filter((r) => r.status === "succeeded").length === 3);
    expect([...runs, ...after].map((r) => r.result).sort()).toEqual(["done", "done", "woke"]);
    expect(await unfinishedJobCount(opened.db, queue)).toBe(0);
    await next.shutdown();
  });

  it("a run killed half-way resumes in a new runtime after its lease lapses, skipping the steps it finished", async () => {
    const calls: string[] = [];
    const hang = gate();
    const twoSteps = client.createFunction({ id: "two-steps", triggers: [plain] }, async ({ step }) => {
      await step.run("first", () => void calls.push("first"));
      await step.run("second", async () => {
        calls.push("second");
        if (calls.filter((c) => c === "second").length === 1) await hang.opened; // the first process dies here
      });
      return "converged";
    });
    const queue = `test:${randomUUID()}`;
    const { runtime, clock } = setup({ functions: [twoSteps], queue });
    await runtime.send({ name: "test/plain", data: {} });
    await vi.waitFor(() => expect(calls).toEqual(["first", "second"]));
    runtime.kill();
    const runs: RunRecord[] = [];
    const next = testRuntime({
      db: opened.db,
      clock,
      queue,
      functions: [twoSteps],
      onRunFinished: (r) => runs.push(r),
    });
    await next.whenIdle();
    expect(runs).toHaveLength(0); // the dead process's claim still holds
    await clock.advance(61_000);
    await driveUntil(next, clock, () => runs.length === 1);
    expect(runs[0]).toMatchObject({ status: "succeeded", result: "converged" });
    expect(calls).toEqual(["first", "second", "second"]);
    hang.open();
    await next.shutdown();
  });

  it("a run waiting on Retry-After is resumed by a restarted runtime at its time, not before", async () => {
    const attempts: string[] = [];
    const throttled = client.createFunction({ id: "throttled-once", triggers: [plain] }, async ({ attempt }) => {
      attempts.push(new Date(clock.now()).toISOString());
      if (attempt === 0)
        throw Object.assign(new Error("Graph said 503"), { name: "RetryAfterError", retryAfter: "120" });
      return "ok";
    });
    const queue = `test:${randomUUID()}`;
    const { runtime, clock } = setup({ functions: [throttled], queue });
    await runtime.send({ name: "test/plain", data: {} });
    await runtime.whenIdle();
    expect(attempts).toHaveLength(1);
    await runtime.shutdown();
    const runs: RunRecord[] = [];
    const next = testRuntime({
      db: opened.db,
      clock,
      queue,
      functions: [throttled],
      onRunFinished: (r) => runs.push(r),
    });
    await next.whenIdle();
    await clock.advance(119_000);
    await next.whenIdle();
    expect(attempts).toHaveLength(1);
    await driveUntil(next, clock, () => runs.length === 1);
    expect(attempts).toEqual(["2026-11-24T10:07:00.000Z", "2026-11-24T10:09:00.000Z"]);
    expect(runs[0]).toMatchObject({ status: "succeeded", result: "ok" });
    await next.shutdown();
  });
});

describe("crons", () => {
  it("fires at each time the cron names, from the function's own cron", async () => {
    const fn = client.createFunction(
      { id: "quarterly", triggers: [{ cron: "TZ=UTC */15 * * * *" }] },
      async ({ event }) => event.name,
    );
    const { runtime, runs, clock } = setup({ functions: [fn] });
    await runtime.whenIdle();
    await clock.advance(7 * 60_000 + 59_000); // 10:14:59
    await runtime.whenIdle();
    expect(runs).toHaveLength(0);
    await clock.advance(1_000); // 10:15
    await runtime.whenIdle();
    expect(runs.map((r) => new Date(r.event.ts).toISOString())).toEqual(["2026-11-24T10:15:00.000Z"]);
    await clock.advance(30 * 60_000); // 10:45
    await runtime.whenIdle();
    // 10:30 and 10:45 fell due in one advance and run side by side: their order of finishing is not the schedule's.
    expect(runs.map((r) => new Date(r.event.ts).toISOString().slice(11, 16)).sort()).toEqual([
      "10:15",
      "10:30",
      "10:45",
    ]);
    expect(
      runs.every((r) => r.event.name === "inngest/scheduled.timer" && r.result === "inngest/scheduled.timer"),
    ).toBe(true);
    await runtime.shutdown();
  });

  it("runs a cron function at once when asked (runCronNow), and refuses a function without a cron", async () => {
    const fn = client.createFunction(
      { id: "hourly", triggers: [{ cron: "TZ=UTC 0 * * * *" }] },
      async ({ event }) => event.name,
    );
    const { runtime, runs } = setup({ functions: [fn] });
    await runtime.runCronNow("hourly");
    await runtime.whenIdle();
    expect(runs.map((r) => [r.status, r.event.name])).toEqual([["succeeded", "inngest/scheduled.timer"]]);
    await expect(runtime.runCronNow("nothing")).rejects.toThrow(/No cron function/);
  });
});

it("keeps a succeeded step's result across retries instead of running it again", async () => {
  let calls = 0;
  const fn = client.createFunction({ id: "memo", triggers: [plain], retries: 2 }, async ({ step, attempt }) => {
    const at = await step.run("once", () => ({ call: ++calls, when: new Date("2026-11-24T00:00:00Z") }));
    if (attempt < 2) throw new Error("again");
    return at;
  });
  const { runtime, runs, clock } = setup({ functions: [fn] });
  await runtime.send({ name: "test/plain", data: {} });
  await driveUntil(runtime, clock, () => runs.length === 1);
  // Stored as JSON, as Inngest does: the Date comes back as a string.
  expect(runs[0]).toMatchObject({ status: "succeeded", result: { call: 1, when: "2026-11-24T00:00:00.000Z" } });
  expect(calls).toBe(1);
});

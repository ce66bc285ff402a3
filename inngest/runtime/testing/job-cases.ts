import { Inngest, NonRetriableError, RetryAfterError, eventType, type InngestFunction } from "inngest";
import { z } from "zod";

/**
 * One table of job behaviours, run through @inngest/test's engine (job-cases.inngest.test.ts) and
 * through the in-process runtime (job-cases.in-process.test.ts). Each case lists what every
 * attempt does; the engine replays attempt n by handing the handler `attempt: n` (Inngest's server
 * owns retry timing), and the in-process runtime must produce the same attempts by itself, with
 * the delays in `delaysMs` between them.
 */
const client = new Inngest({ id: "job-cases" });

export const numberEvent = eventType("test/number", { schema: z.object({ n: z.number() }) });
const named = (name: string) => eventType(`test/${name}`, { schema: z.object({}) });

const steps = client.createFunction({ id: "steps", triggers: [numberEvent] }, async ({ event, step }) => {
  const doubled = await step.run("double", () => event.data.n * 2);
  const value = await step.run("add-one", () => doubled + 1);
  return { value };
});

const sleeps = client.createFunction({ id: "sleeps", triggers: [named("sleeps")] }, async ({ step }) => {
  const before = await step.run("before", () => "ready");
  await step.sleep("pause", "5m");
  return { before, slept: true };
});

const flaky = client.createFunction(
  { id: "flaky", triggers: [named("flaky")], retries: 3 },
  async ({ step, attempt }) => {
    await step.run("work", () => "done");
    if (attempt < 2) throw new Error(`flaky attempt ${attempt}`);
    return { succeededOnAttempt: attempt };
  },
);

const throttled = client.createFunction({ id: "throttled", triggers: [named("throttled")] }, async ({ attempt }) => {
  if (attempt === 0) throw new RetryAfterError("Graph said 429", 30_000);
  return { ok: true };
});

const gone = client.createFunction({ id: "gone", triggers: [named("gone")], retries: 3 }, async () => {
  throw new NonRetriableError("The connection no longer exists");
});

const exhausted = client.createFunction({ id: "exhausted", triggers: [named("exhausted")], retries: 1 }, async () => {
  throw new Error("always");
});

/** Gives up, then its onFailure handler sees the original event and the final error (e.g. to mark a run failed). */
const cleansUp = client.createFunction(
  {
    id: "cleans-up",
    triggers: [eventType("test/cleans-up", { schema: z.object({ n: z.number() }) })],
    retries: 1,
    onFailure: async ({ event, error, step }) => {
      const n = await step.run("mark-failed", () => (event.data.event.data as { n: number }).n);
      return { markedFailed: n, reason: error.message };
    },
  },
  async ({ event }) => {
    throw new Error(`cannot handle ${event.data.n}`);
  },
);

const fansOut = client.createFunction({ id: "fans-out", triggers: [named("fans-out")] }, async ({ step }) => {
  await step.sendEvent("emit", numberEvent.create({ n: 20 }));
  return { sent: 1 };
});

export const caseFunctions = [steps, sleeps, flaky, throttled, gone, exhausted, cleansUp, fansOut];

export type ExpectedAttempt = { result: unknown } | { error: string };
export type JobCase = {
  name: string;
  fn: InngestFunction.Any;
  event: { name: string; data: Record<string, unknown> };
  attempts: ExpectedAttempt[];
  /** In-process only: the wait before each retry (default backoff 10 s doubling; RetryAfterError's own time). */
  delaysMs?: number[];
  sleeps?: { id: string; duration: string; ms: number }[];
  sends?: { id: string; event: { name: string; data: Record<string, unknown> } }[];
  /** What the function's onFailure handler returns once the run has failed for good. */
  onFailure?: { result: unknown; finalError: string };
};

export const jobCases: JobCase[] = [
  {
    name: "runs its steps in order and returns their result",
    fn: steps,
    event: { name: "test/number", data: { n: 3 } },
    attempts: [{ result: { value: 7 } }],
  },
  {
    name: "sleeps, then carries on",
    fn: sleeps,
    event: { name: "test/sleeps", data: {} },
    attempts: [{ result: { before: "ready", slept: true } }],
    sleeps: [{ id: "pause", duration: "5m", ms: 300_000 }],
  },
  {
    name: "retries a thrown error with backoff until it succeeds",
    fn: flaky,
    event: { name: "test/flaky", data: {} },
    attempts: [{ error: "Error" }, { error: "Error" }, { result: { succeededOnAttempt: 2 } }],
    delaysMs: [10_000, 20_000],
  },
  {
    name: "waits the time a RetryAfterError names",
    fn: throttled,
    event: { name: "test/throttled", data: {} },
    attempts: [{ error: "RetryAfterError" }, { result: { ok: true } }],
    delaysMs: [30_000],
  },
  {
    name: "stops at a NonRetriableError",
    fn: gone,
    event: { name: "test/gone", data: {} },
    attempts: [{ error: "NonRetriableError" }],
  },
  {
    name: "gives up after its retries",
    fn: exhausted,
    event: { name: "test/exhausted", data: {} },
    attempts: [{ error: "Error" }, { error: "Error" }],
    delaysMs: [10_000],
  },
  {
    name: "calls onFailure with the original event and the final error once retries are exhausted",
    fn: cleansUp,
    event: { name: "test/cleans-up", data: { n: 7 } },
    attempts: [{ error: "Error" }, { error: "Error" }],
    delaysMs: [10_000],
    onFailure: { result: { markedFailed: 7, reason: "cannot handle 7" }, finalError: "cannot handle 7" },
  },
  {
    name: "sends a typed event from a step",
    fn: fansOut,
    event: { name: "test/fans-out", data: {} },
    attempts: [{ result: { sent: 1 } }],
    sends: [{ id: "emit", event: { name: "test/number", data: { n: 20 } } }],
  },
];

import { durationToMs } from "inngest";
import type { Clock } from "./clock";
import { RunAbandonedError } from "./errors";

/** What the step tools need from the run they belong to. */
export type StepHost = {
  clock: Clock;
  /** Aborted when the runtime stops or is killed: no further step starts. */
  signal: AbortSignal;
  /** `stepKey`: the sending step's memo key, so the host can make a resent step's events the same ones. */
  send(events: unknown, stepKey?: string): Promise<{ ids: string[] }>;
  /** A step's result was added to the memo: the host writes it back, so a resumed run skips the step. */
  saved(): Promise<void>;
};

type StepId = string | { id: string };

/**
 * Thrown out of the handler by `step.sleep`: the run gives its worker and its claim up and is queued
 * again for the time the sleep ends (a sleeping run holds nothing in memory, so a restart resumes it).
 */
export class SleepRequested extends Error {
  override name = "SleepRequested";
  constructor(
    readonly stepKey: string,
    readonly ms: number,
  ) {
    super(`sleeping ${ms} ms at ${stepKey}`);
  }
}

/** Inngest stores step results as JSON; doing the same keeps both runtimes' values identical (Dates become strings). */
export const asJson = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** How undefined is kept in a JSON column: a step that returned nothing is still done. */
const NOTHING = { $undefined: true };
const fromMemo = (value: unknown) =>
  value && typeof value === "object" && (value as { $undefined?: boolean }).$undefined === true ? undefined : value;

/**
 * The in-process `step` object: `run`, `sleep`, `sleepUntil` and `sendEvent`, memoised per run in
 * `memo` (kept in the run's row), so a retry or a resumed run skips the steps that already succeeded,
 * as on Inngest. A repeated step id gets Inngest's `:n` suffix. Other tools are refused loudly.
 */
export function createStepTools(memo: Map<string, unknown>, host: StepHost) {
  const seen = new Map<string, number>();
  const keyOf = (stepId: StepId) => {
    const id = typeof stepId === "string" ? stepId : stepId.id;
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n === 0 ? id : `${id}:${n}`;
  };
  const memoised = async (stepId: StepId, work: (key: string) => Promise<unknown>) => {
    const key = keyOf(stepId);
    if (memo.has(key)) return fromMemo(memo.get(key));
    if (host.signal.aborted) throw new RunAbandonedError("The job runtime stopped");
    const value = asJson(await work(key));
    memo.set(key, value === undefined ? NOTHING : value);
    await host.saved();
    return value;
  };
  const sleepFor = (stepId: StepId, ms: number) => {
    const key = keyOf(stepId);
    if (memo.has(key)) return Promise.resolve(null);
    return Promise.reject(new SleepRequested(key, Math.max(0, ms)));
  };
  const unsupported = (name: string) => () => {
    throw new Error(`step.${name} is not supported by the in-process job runtime`);
  };
  return {
    run: (id: StepId, fn: (...args: unknown[]) => unknown, ...args: unknown[]) => memoised(id, async () => fn(...args)),
    sleep: (id: StepId, duration: number | string) => sleepFor(id, durationToMs(duration)),
    sleepUntil: (id: StepId, time: Date | string) =>
      sleepFor(id, new Date(time).getTime() - host.clock.now().getTime()),
    sendEvent: (id: StepId, events: unknown) => memoised(id, (key) => host.send(events, key)),
    waitForEvent: unsupported("waitForEvent"),
    waitForSignal: unsupported("waitForSignal"),
    sendSignal: unsupported("sendSignal"),
    invoke: unsupported("invoke"),
    fetch: unsupported("fetch"),
  };
}

import { durationToMs } from "inngest";
import type { Clock } from "./clock";

/** What the step tools need from the run they belong to. */
export type StepHost = {
  clock: Clock;
  signal: AbortSignal;
  /** Gives the run's execution slot up while it waits (a sleeping run holds no worker), then takes one back. */
  pause(wait: () => Promise<void>): Promise<void>;
  send(events: unknown): Promise<{ ids: string[] }>;
  onSleep(id: string, ms: number): void;
};

type StepId = string | { id: string };

/** Inngest stores step results as JSON; doing the same keeps both runtimes' values identical (Dates become strings). */
export const asJson = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/**
 * The in-process `step` object: `run`, `sleep`, `sleepUntil` and `sendEvent`, memoised per run in
 * `memo`, which outlives an attempt, so a retry skips the steps that already succeeded (as on
 * Inngest). A repeated step id gets Inngest's `:n` suffix. Other tools are refused loudly.
 */
export function createStepTools(memo: Map<string, unknown>, host: StepHost) {
  const seen = new Map<string, number>();
  const keyOf = (stepId: StepId) => {
    const id = typeof stepId === "string" ? stepId : stepId.id;
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n === 0 ? id : `${id}:${n}`;
  };
  const memoised = async (stepId: StepId, work: () => Promise<unknown>) => {
    const key = keyOf(stepId);
    if (memo.has(key)) return memo.get(key);
    const value = asJson(await work());
    memo.set(key, value);
    return value;
  };
  const sleepFor = (id: string, ms: number) =>
    host.pause(async () => {
      host.onSleep(id, ms);
      await host.clock.sleep(ms, host.signal);
    });
  const unsupported = (name: string) => () => {
    throw new Error(`step.${name} is not supported by the in-process job runtime`);
  };
  return {
    run: (id: StepId, fn: (...args: unknown[]) => unknown, ...args: unknown[]) => memoised(id, async () => fn(...args)),
    sleep: (id: StepId, duration: number | string) =>
      memoised(id, async () => sleepFor(typeof id === "string" ? id : id.id, durationToMs(duration))),
    sleepUntil: (id: StepId, time: Date | string) =>
      memoised(id, async () =>
        sleepFor(typeof id === "string" ? id : id.id, new Date(time).getTime() - host.clock.now().getTime()),
      ),
    sendEvent: (id: StepId, events: unknown) => memoised(id, () => host.send(events)),
    waitForEvent: unsupported("waitForEvent"),
    waitForSignal: unsupported("waitForSignal"),
    sendSignal: unsupported("sendSignal"),
    invoke: unsupported("invoke"),
    fetch: unsupported("fetch"),
  };
}

/** Time as the in-process runtime sees it: real timers in the app, a hand-driven clock in tests. */
export type Clock = {
  now(): Date;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      // Timers must not keep a stopping process alive; shutdown aborts them anyway.
      timer.unref?.();
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

type Timer = { at: number; resolve: () => void };

/** A clock that only moves when told to: `advance` fires the timers that fall due, in order. */
export class ManualClock implements Clock {
  private current: number;
  private timers: Timer[] = [];

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now = () => new Date(this.current);

  sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal!.reason);
      };
      // The listener goes with the timer: a long-lived signal (the runtime's stop) must not collect one per tick.
      const timer: Timer = {
        at: this.current + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener("abort", onAbort, { once: true });
    });

  /** The number of timers waiting, and when the next one fires. */
  get pending() {
    const next = Math.min(...this.timers.map((t) => t.at));
    return { count: this.timers.length, nextAt: Number.isFinite(next) ? new Date(next) : null };
  }

  /** Moves time forward by `ms`, firing each timer at its own instant and letting its work start. */
  async advance(ms: number) {
    const end = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.resolve();
      await new Promise((r) => setImmediate(r));
    }
    this.current = end;
  }
}

import type { Clock } from "./clock";
import type { CronSchedule } from "./cron";

/** How late a cron tick may still be recorded (a process busy or a database slow for a moment). */
const CRON_CATCH_UP_MS = 60_000;

/**
 * Calls `tick` at each time `schedule` names, until `signal` aborts. The next tick is counted from the
 * last one, so a tick recorded late (a slow database) does not skip the next; ticks missed by more than
 * a minute (the process was stopped) are not made up: every cadence converges on its next tick, and the
 * sweep catches what was left transient. `tick` is awaited before the next wait begins.
 */
export async function runCronTimer(
  schedule: CronSchedule,
  { clock, signal, tick }: { clock: Clock; signal: AbortSignal; tick: (at: Date) => Promise<void> },
) {
  let last: Date | null = null;
  while (!signal.aborted) {
    const now = clock.now();
    let next = schedule.next(last ?? now);
    if (now.getTime() - next.getTime() > CRON_CATCH_UP_MS) next = schedule.next(now);
    const wait = next.getTime() - now.getTime();
    if (wait > 0) {
      try {
        await clock.sleep(wait, signal);
      } catch {
        return;
      }
    }
    last = next;
    await tick(next);
  }
}

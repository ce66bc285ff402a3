import type { ManualClock } from "../clock";
import type { InProcessRuntime } from "../in-process-runtime";

/** Lets the runtime work, then moves the clock to each next timer, until `done()` or no timer is left. */
export async function driveUntil(
  runtime: InProcessRuntime,
  clock: ManualClock,
  done: () => boolean | Promise<boolean>,
  maxSteps = 50,
) {
  for (let i = 0; i < maxSteps; i++) {
    await runtime.whenIdle();
    if (await done()) return;
    const next = clock.pending.nextAt;
    if (!next) return;
    await clock.advance(next.getTime() - clock.now().getTime());
  }
}

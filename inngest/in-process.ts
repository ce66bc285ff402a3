import { getDb } from "@/db/client";
import { systemContext } from "@/lib/services/context";
import { schedules } from "./schedules";

const started = Symbol.for("calendar-sync.in-process-jobs");

/**
 * The embedded default's job runner: no Inngest server, so the scheduled services run on timers
 * inside the app process. Each job's failures are logged and retried at its next tick.
 */
export function startInProcessJobs(options: { firstRunAfterMs?: number } = {}) {
  const holder = globalThis as { [started]?: boolean };
  if (holder[started]) return;
  holder[started] = true;
  for (const schedule of schedules) {
    const tick = async () => {
      try {
        await schedule.run(systemContext(await getDb()));
      } catch (error) {
        console.error(`[jobs] ${schedule.id} failed`, error);
      }
    };
    setTimeout(() => {
      void tick();
      setInterval(() => void tick(), schedule.everyMs).unref();
    }, options.firstRunAfterMs ?? 30_000).unref();
  }
}

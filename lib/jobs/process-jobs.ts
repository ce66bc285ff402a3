import type { Jobs } from "./jobs";

const key = Symbol.for("calendar-sync.jobs");
// On globalThis: Next.js may evaluate this module twice, and both copies must reach the one runtime.
const holder = globalThis as { [key]?: Jobs };

/** Set once at start-up (instrumentation.ts): Inngest's sender, or the in-process runtime. */
export function installJobs(jobs: Jobs) {
  holder[key] = jobs;
}

/** The process's job sender, resolved at send time so contexts can be built before start-up finishes. */
export const processJobs: Jobs = {
  send: async (events) => {
    const jobs = holder[key];
    if (!jobs) throw new Error("No job runtime was started in this process (instrumentation.ts starts one)");
    await jobs.send(events);
  },
};

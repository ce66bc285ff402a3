import type { Jobs } from "./jobs";

const key = Symbol.for("calendar-sync.jobs");
// On globalThis: Next.js may evaluate this module twice, and both copies must reach the one runtime.
const holder = globalThis as { [key]?: Jobs };

/** Set once at start-up (instrumentation.ts): the Inngest relay, or the in-process runtime. */
export function installJobs(jobs: Jobs) {
  holder[key] = jobs;
}

const installed = () => {
  const jobs = holder[key];
  if (!jobs) throw new Error("No job runtime was started in this process (instrumentation.ts starts one)");
  return jobs;
};

/** The process's job sender, resolved at send time so contexts can be built before start-up finishes. */
export const processJobs: Jobs = {
  send: (events, options) => installed().send(events, options),
  get recordsInTransaction() {
    return holder[key]?.recordsInTransaction;
  },
  committed: () => holder[key]?.committed?.(),
  redeliver: async () => (await holder[key]?.redeliver?.()) ?? 0,
};

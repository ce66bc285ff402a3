import type { JobEvent } from "@/inngest/events";

export type { JobEvent };

/**
 * How services start background work: `ctx.jobs.send(event)`. Services never import Inngest;
 * the context decides whether the event goes to Inngest or to the in-process runtime. Inside
 * `inTransaction` the send waits for the commit and is dropped on rollback.
 */
export type Jobs = { send(events: JobEvent | JobEvent[]): Promise<void> };

/** For seeds and domain tests that run no jobs: sends are accepted and go nowhere. */
export const discardJobs: Jobs = { send: async () => {} };

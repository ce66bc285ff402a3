import type { DbOrTx } from "@/db/types";
import type { JobEvent } from "@/inngest/events";

export type { JobEvent };

/**
 * How services start background work: `ctx.jobs.send(event)`. Services never import Inngest.
 *
 * A durable sender (`recordsInTransaction`) writes the request into the job_requests table: inside
 * `inTransaction` with the transaction's own handle, so the change and the need for its job commit
 * together or not at all, and nothing can fail between them. Other senders (tests' discard) get the
 * events after the commit. `committed` nudges the runtime once a transaction that recorded work is in.
 */
export type Jobs = {
  send(events: JobEvent | JobEvent[], options?: { db?: DbOrTx }): Promise<void>;
  readonly recordsInTransaction?: boolean;
  committed?(): void;
  /** Sends again what could not be handed on (the Inngest relay); the sweep calls it. Returns how many went. */
  redeliver?(): Promise<number>;
};

/** For seeds and domain tests that run no jobs: sends are accepted and go nowhere. */
export const discardJobs: Jobs = { send: async () => {} };

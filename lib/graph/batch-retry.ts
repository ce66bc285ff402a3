import type { BatchAnswer, BatchStep, GraphCalendarClient } from "./calendar-client";
import { TRANSIENT_STATUSES } from "./errors";
import { parseRetryAfterMs } from "./retry-after";

/** How long a `$batch` may keep re-sending its throttled sub-requests before handing them back. */
export type BatchRetryBudget = {
  /** `$batch` requests in all, the first included. */
  maxBatches: number;
  /** Sum of the waits; a Retry-After that would pass it is not waited for. */
  maxTotalWaitMs: number;
};

export const defaultBatchRetryBudget: BatchRetryBudget = { maxBatches: 6, maxTotalWaitMs: 20_000 };

export type BatchRun = {
  /** The last answer of every step, in the steps' order. */
  answers: BatchAnswer[];
  /** `$batch` requests sent. */
  batches: number;
  /** Time spent waiting for Retry-After between them. */
  waitedMs: number;
};

/**
 * Sends up to 20 steps in one `$batch`, then re-sends only the sub-requests that came back 429, 503
 * or 504 (Graph does not retry inside a batch, reference §7), after the longest Retry-After among
 * them (1 s without one), until none is left or the budget is spent; the remaining transient
 * answers are returned as they are, for the job layer to retry later. Re-sending a throttled POST
 * is safe: Graph refused it unread, and an event create carries its `transactionId` anyway. An
 * error of the `$batch` request itself (a 429 on the whole batch, no answer) is thrown as is.
 */
export async function batchWithRetry(
  client: GraphCalendarClient,
  steps: BatchStep[],
  budget: BatchRetryBudget = defaultBatchRetryBudget,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<BatchRun> {
  const final = new Map<string, BatchAnswer>();
  let pending = steps;
  let batches = 0;
  let waitedMs = 0;
  while (pending.length) {
    const answers = await client.batch(pending);
    batches++;
    const transient = answers.filter((a) => TRANSIENT_STATUSES.has(a.status));
    for (const answer of answers) final.set(answer.id, answer);
    if (!transient.length || batches >= budget.maxBatches) break;
    const waitMs = Math.max(...transient.map((a) => parseRetryAfterMs(header(a, "retry-after"), Date.now()) ?? 1_000));
    if (waitedMs + waitMs > budget.maxTotalWaitMs) break;
    await sleep(waitMs);
    waitedMs += waitMs;
    const again = new Set(transient.map((a) => a.id));
    // A step that depended on a throttled one got 424 and is re-sent with it.
    pending = steps.filter(
      (s) => again.has(s.id) || (final.get(s.id)?.status === 424 && s.dependsOn?.some((d) => again.has(d))),
    );
    const resent = new Set(pending.map((s) => s.id));
    pending = pending.map((s) => {
      const dependsOn = s.dependsOn?.filter((d) => resent.has(d));
      return { ...s, dependsOn: dependsOn?.length ? dependsOn : undefined };
    });
  }
  return { answers: steps.map((s) => final.get(s.id)!), batches, waitedMs };
}

function header(answer: BatchAnswer, name: string): string | null {
  return Object.entries(answer.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1] ?? null;
}

import { MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";
import { batchWithRetry, defaultBatchRetryBudget, type BatchRetryBudget } from "./batch-retry";
import { batchAnswerError, MAX_BATCH_STEPS, type BatchAnswer, type BatchStep } from "./calendar-client";
import type { GraphCalendarClient } from "./calendar-client";
import { GraphRequestError } from "./errors";

/**
 * What one `$batch` sub-request came to, read here so services never read an HTTP status:
 * - `ok`: done; `body` is Graph's answer (the event written, a page of a search);
 * - `gone`: the item is not there (404): for a delete, the goal is reached; for an update, it was removed;
 * - `conflict`: the item changed under us or clashes (409, 412): re-read before deciding;
 * - `throttled`: throttled or unavailable (429, 503, 504, no answer) even after batchWithRetry's re-sends:
 *   try again later, after `error.retryAfterMs` when Graph named it;
 * - `refused`: the grant no longer covers the calendar (401 after a fresh token, 403): only a reconnect helps;
 * - `failed`: anything else (a 400, a 500): `error` says what.
 * Each carries the typed error the same request would have thrown alone (lib/graph/errors.ts).
 */
export type BatchOutcome = { id: string } & (
  | { kind: "ok"; body: unknown }
  | { kind: "gone"; error: GraphRequestError }
  | { kind: "conflict"; error: GraphRequestError }
  | { kind: "throttled"; error: MicrosoftUnavailableError }
  | { kind: "refused"; error: ReconnectRequiredError }
  | { kind: "failed"; error: Error }
);

export type BatchOutcomeKind = BatchOutcome["kind"];

/** One `$batch` answer as its outcome. */
export function batchOutcomeOf(answer: BatchAnswer, nowMs = Date.now()): BatchOutcome {
  const { id } = answer;
  const error = batchAnswerError(answer, nowMs);
  if (!error) return { id, kind: "ok", body: answer.body };
  if (error instanceof MicrosoftUnavailableError) return { id, kind: "throttled", error };
  if (error instanceof ReconnectRequiredError) return { id, kind: "refused", error };
  if (error instanceof GraphRequestError && error.status === 404) return { id, kind: "gone", error };
  if (error instanceof GraphRequestError && (error.status === 409 || error.status === 412))
    return { id, kind: "conflict", error };
  return { id, kind: "failed", error };
}

/** Whether the item is no longer in Outlook once the step is done: deleted now, or already gone. */
export const isDoneOrGone = (outcome: BatchOutcome): boolean => outcome.kind === "ok" || outcome.kind === "gone";

/**
 * Sends any number of steps, 20 to a `$batch` (Graph's limit), each `$batch` through batchWithRetry (its
 * throttled sub-requests re-sent within the budget), and returns every step's outcome in the steps' order
 * and the `$batch` requests sent. `afterEach` runs after every `$batch` with its steps' outcomes (a long
 * sweep records its progress and says it is alive there). An error of a `$batch` request itself (a 429 on
 * the whole batch, no answer, a refused token) is thrown as the typed error.
 */
export async function sendInBatches(
  client: GraphCalendarClient,
  steps: readonly BatchStep[],
  {
    budget = defaultBatchRetryBudget,
    afterEach,
  }: { budget?: BatchRetryBudget; afterEach?: (outcomes: BatchOutcome[]) => Promise<void> } = {},
): Promise<{ outcomes: BatchOutcome[]; batches: number }> {
  const outcomes: BatchOutcome[] = [];
  let batches = 0;
  for (let i = 0; i < steps.length; i += MAX_BATCH_STEPS) {
    const run = await batchWithRetry(client, steps.slice(i, i + MAX_BATCH_STEPS), budget);
    batches += run.batches;
    const chunk = run.answers.map((answer) => batchOutcomeOf(answer));
    outcomes.push(...chunk);
    await afterEach?.(chunk);
  }
  return { outcomes, batches };
}

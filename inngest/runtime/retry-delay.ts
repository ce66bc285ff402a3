import { RetryAfterError } from "inngest";

export type Backoff = { baseMs: number; maxMs: number };
export const defaultBackoff: Backoff = { baseMs: 10_000, maxMs: 10 * 60_000 };

/**
 * How long to wait before the next attempt: the time a `RetryAfterError` names (seconds, or an
 * instant), else exponential backoff from `baseMs`, doubling per attempt, capped at `maxMs`.
 * No jitter: one process has no thundering herd to spread, and tests can name exact times.
 */
export function retryDelay(error: unknown, attempt: number, now: Date, backoff: Backoff): number {
  if (error instanceof RetryAfterError || (error as Error | null)?.name === "RetryAfterError") {
    const after = (error as RetryAfterError).retryAfter;
    return Math.max(0, /^\d+$/.test(after) ? Number(after) * 1000 : Date.parse(after) - now.getTime());
  }
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);
}

import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { TRANSIENT_STATUSES } from "./errors";
import { parseRetryAfterMs } from "./retry-after";

/** How long a GET/PATCH/DELETE may keep retrying inline before the caller gets the typed error. */
export type RetryBudget = {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** Sum of the waits; a Retry-After that would pass it is not waited for. */
  maxTotalWaitMs: number;
};

export const defaultRetryBudget: RetryBudget = { maxAttempts: 3, maxTotalWaitMs: 10_000 };

/** A POST creates something: repeating one could duplicate an event, so Push retries it itself. */
const RETRIED_METHODS = new Set(["GET", "PATCH", "PUT", "DELETE"]);

/**
 * Replaces the SDK's RetryHandler, which retries POSTs too (reference §12). Retries 429/503/504 on
 * the methods above, honouring Retry-After (exponential backoff without one), within the budget;
 * then it hands the last response on, and the client turns it into GraphThrottledError /
 * GraphUnavailableError for the job layer to retry later.
 */
export class ThrottleRetryHandler implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly budget: RetryBudget,
    private readonly sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const method = (context.options?.method ?? "GET").toUpperCase();
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) setHeader(context, "Retry-Attempt", String(attempt - 1));
      await this.next!.execute(context);
      const response = context.response;
      if (!response || !TRANSIENT_STATUSES.has(response.status) || !RETRIED_METHODS.has(method)) return;
      if (attempt >= this.budget.maxAttempts) return;
      const waitMs = parseRetryAfterMs(response.headers.get("retry-after"), Date.now()) ?? backoffMs(attempt);
      if (waitedMs + waitMs > this.budget.maxTotalWaitMs) return;
      await response.body?.cancel().catch(() => {}); // frees the connection while we wait
      await this.sleep(waitMs);
      waitedMs += waitMs;
    }
  }
}

/** 1 s, 2 s, 4 s, ... with ±20 % jitter, for answers that carry no Retry-After. */
function backoffMs(attempt: number): number {
  return Math.round(1000 * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4));
}

function setHeader(context: Context, name: string, value: string): void {
  const options = (context.options ??= {});
  const headers = (options.headers ??= {}) as Record<string, string>;
  headers[name] = value;
}

import { RetryAfterError } from "inngest";
import { MicrosoftUnavailableError } from "@/lib/errors";

/**
 * The job-layer contract for Graph failures (ARCHITECTURE.md, Graph client): throttling or an
 * outage that named its wait becomes RetryAfterError with that wait; anything else is rethrown for
 * the normal backoff.
 */
export function retryableGraphError(error: unknown): unknown {
  if (error instanceof MicrosoftUnavailableError && error.retryAfterMs !== undefined)
    return new RetryAfterError(error.message, error.retryAfterMs, { cause: error });
  return error;
}

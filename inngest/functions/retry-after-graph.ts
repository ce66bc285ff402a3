import { RetryAfterError } from "inngest";
import { MicrosoftUnavailableError } from "@/lib/errors";

/**
 * The job-layer contract of lib/graph (ARCHITECTURE.md, Graph client): a throttled or unavailable Graph is
 * retried after the time it named, as Inngest's RetryAfterError; without one, the error is rethrown for the
 * function's own backoff.
 */
export async function retryAfterGraph<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MicrosoftUnavailableError && error.retryAfterMs !== undefined)
      throw new RetryAfterError(error.message, Math.max(1, Math.ceil(error.retryAfterMs)), { cause: error });
    throw error;
  }
}

import { RetryAfterError } from "inngest";
import { MicrosoftUnavailableError } from "@/lib/errors";

/**
 * The job layer's one retry policy for Graph (ARCHITECTURE.md, "Graph client"), used by every function
 * whose step talks to Microsoft: throttling or an outage (MicrosoftUnavailableError) that named its wait
 * becomes Inngest's RetryAfterError with that wait (at least a second); anything else, an outage without
 * a wait included, is rethrown as it is for the function's own backoff. The status of the connection is
 * not touched: the run was recorded failed with its `retryAt` by the service (lib/services/sync).
 */
export function retryableGraphError(error: unknown): unknown {
  if (error instanceof MicrosoftUnavailableError && error.retryAfterMs !== undefined)
    return new RetryAfterError(error.message, Math.max(1, Math.ceil(error.retryAfterMs)), { cause: error });
  return error;
}

/** Runs a step's work under retryableGraphError: `step.run("x", () => retryAfterGraph(() => service(...)))`. */
export async function retryAfterGraph<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw retryableGraphError(error);
  }
}

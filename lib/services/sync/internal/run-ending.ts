import type { RunEnding } from "@/db/queries/sync-runs";
import { MicrosoftUnavailableError } from "@/lib/errors";
import { ConnectionFencedError } from "@/lib/sync/connection-fence";
import { errorClassOf } from "../../internal/error-class";

/**
 * How a connection run that stopped on `error` (or finished, with null) is recorded, the one policy of
 * every capability (docs/decisions/0005-connection-run-skeleton.md):
 * - none: succeeded;
 * - a removal began meanwhile (ConnectionFencedError): cancelled, nothing to retry;
 * - Graph throttled or unavailable (MicrosoftUnavailableError): failed, due again when Graph said
 *   (`retryAt`), and the caller rethrows it for the job layer to retry; the connection keeps its status;
 * - anything else, a refused grant included: failed with the error's class and message.
 */
export function runEndingOf(error: unknown, now: Date): RunEnding {
  if (error === null || error === undefined) return { status: "succeeded" };
  const errorClass = errorClassOf(error);
  const errorMessage = error instanceof Error ? error.message : String(error);
  if (error instanceof ConnectionFencedError) return { status: "cancelled", errorClass, errorMessage };
  const retryAfterMs = error instanceof MicrosoftUnavailableError ? error.retryAfterMs : undefined;
  return {
    status: "failed",
    errorClass,
    errorMessage,
    ...(retryAfterMs !== undefined && { retryAt: new Date(now.getTime() + retryAfterMs) }),
  };
}

import {
  AuthenticationHandler,
  Client,
  GraphClientError,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  TelemetryHandler,
  type Context,
  type Middleware,
} from "@microsoft/microsoft-graph-client";
import type { ConnectionAccessToken } from "./connection-access-token";
import { MailboxGate } from "./mailbox-gate";
import type { MailboxLimiter } from "./mailbox-limiter";
import type { GraphRequestRecord } from "./request-counter";
import { ThrottleRetryHandler, type RetryBudget } from "./retry-handler";

export type SdkClientOptions = {
  /** Graph origin without `/v1.0` (the SDK appends the version; stack-notes §4.5). */
  graphUrl: string;
  connectionId: string;
  mailbox: string;
  token: ConnectionAccessToken;
  limiter: MailboxLimiter;
  retryBudget: RetryBudget;
  onRequest: (request: GraphRequestRecord) => void;
};

/**
 * The Graph SDK with our own middleware chain instead of the default one, whose RetryHandler also
 * repeats POSTs (reference §12):
 *   keep error types → authentication → telemetry → retry (never POST) → redirect → mailbox gate → fetch
 * The bearer token goes only to Graph's hosts or the configured one (`customHosts`, hostname only),
 * and only over https, as the SDK's AuthenticationHandler decides.
 */
export function createSdkClient(options: SdkClientOptions): Client {
  const middleware: Middleware[] = [
    new KeepErrorTypes(),
    new AuthenticationHandler({ getAccessToken: () => options.token.get() }),
    new TelemetryHandler(),
    new ThrottleRetryHandler(options.retryBudget),
    new RedirectHandler(new RedirectHandlerOptions()),
    new MailboxGate(options.connectionId, options.mailbox, options.limiter, options.onRequest),
    new HTTPMessageHandler(),
  ];
  return Client.initWithMiddleware({
    baseUrl: options.graphUrl,
    customHosts: new Set([new URL(options.graphUrl).hostname]),
    middleware,
  });
}

/**
 * The SDK turns anything thrown inside the chain into a GraphError with the class name as a string,
 * except GraphClientError. Our own failures (ReconnectRequiredError from the token, a database
 * error from the limiter) travel inside one as `customError` and are unwrapped by `originalError`.
 */
class KeepErrorTypes implements Middleware {
  private next?: Middleware;

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    try {
      await this.next!.execute(context);
    } catch (error) {
      throw Object.assign(new GraphClientError(error instanceof Error ? error.message : String(error)), {
        customError: error,
      });
    }
  }
}

export function originalError(error: unknown): unknown {
  return error instanceof GraphClientError && error.customError !== undefined ? error.customError : error;
}

import { GraphCalendarClient } from "./calendar-client";
import { ConnectionAccessToken, type AccessTokenIssuer } from "./connection-access-token";
import type { MailboxLimiter } from "./mailbox-limiter";
import { GraphRequestCounter, type GraphRequestRecord } from "./request-counter";
import { defaultRetryBudget, type RetryBudget } from "./retry-handler";
import { createSdkClient } from "./sdk-client";
import { GraphSubscriptionClient } from "./subscription-client";

export type GraphConnection = { id: string; homeAccountId: string };

export type ClientOptions = {
  /** A counter shared by several clients, e.g. one sync run; each client also counts its own. */
  counter?: GraphRequestCounter;
  /** Called after every HTTP request (each retry too), for logs and benchmarks. */
  onRequest?: (request: GraphRequestRecord) => void;
};

/**
 * Graph access for the whole process: one per process, because it holds the mailbox limiter that
 * every connection's client shares. `forConnection` builds a client per connection (and per run,
 * so its request count is that run's) from the connection's MSAL token.
 */
export class MicrosoftGraph {
  constructor(
    private readonly options: {
      /** Graph origin without `/v1.0`: MicrosoftAppConfig.graphUrl. */
      graphUrl: string;
      identity: AccessTokenIssuer;
      limiter: MailboxLimiter;
      retryBudget?: RetryBudget;
    },
  ) {}

  forConnection(connection: GraphConnection, options: ClientOptions = {}): GraphCalendarClient {
    const { sdk, token, own } = this.build(connection, options);
    return new GraphCalendarClient(connection.id, sdk, token, own);
  }

  /** The connection's change-notification subscriptions, through the same chain and limiter. */
  subscriptionsFor(connection: GraphConnection, options: ClientOptions = {}): GraphSubscriptionClient {
    const { sdk, token, own } = this.build(connection, options);
    return new GraphSubscriptionClient(connection.id, sdk, token, own);
  }

  private build(connection: GraphConnection, options: ClientOptions) {
    const own = new GraphRequestCounter();
    const token = new ConnectionAccessToken(this.options.identity, connection);
    const sdk = createSdkClient({
      graphUrl: this.options.graphUrl,
      connectionId: connection.id,
      // The mailbox is the signed-in user (oid.tid), which outlives a reconnect's new connection row.
      mailbox: connection.homeAccountId,
      token,
      limiter: this.options.limiter,
      retryBudget: this.options.retryBudget ?? defaultRetryBudget,
      onRequest: (request) => {
        own.record(request);
        options.counter?.record(request);
        options.onRequest?.(request);
      },
    });
    return { sdk, token, own };
  }

  close(): Promise<void> {
    return this.options.limiter.close();
  }
}

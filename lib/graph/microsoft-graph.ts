import { GraphCalendarClient } from "./calendar-client";
import { ConnectionAccessToken, type AccessTokenIssuer } from "./connection-access-token";
import type { MailboxLimiter } from "./mailbox-limiter";
import { GraphRequestCounter, type GraphRequestRecord } from "./request-counter";
import { defaultRetryBudget, type RetryBudget } from "./retry-handler";
import { createSdkClient } from "./sdk-client";
import { GraphSubscriptionClient } from "./subscription-client";

/** Connections whose access token stays in memory between runs. */
const TOKENS_KEPT = 5_000;

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
  /**
   * Each connection's access token, shared by its clients (one per run), so a push or a pull does
   * not load, decrypt and hand the MSAL cache to a new ConfidentialClientApplication for a token an
   * earlier run already holds. The most recently used connections only; a 401 still refreshes.
   */
  private readonly tokens = new Map<string, ConnectionAccessToken>();

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
    const token = this.tokenOf(connection);
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

  private tokenOf(connection: GraphConnection): ConnectionAccessToken {
    const key = `${connection.id} ${connection.homeAccountId}`;
    const token = this.tokens.get(key) ?? new ConnectionAccessToken(this.options.identity, connection);
    this.tokens.delete(key); // re-inserted last: the Map's order is the use order
    this.tokens.set(key, token);
    if (this.tokens.size > TOKENS_KEPT) this.tokens.delete(this.tokens.keys().next().value!);
    return token;
  }

  close(): Promise<void> {
    return this.options.limiter.close();
  }
}

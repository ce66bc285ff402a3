/** What the Graph client needs from MicrosoftIdentity: a token for one connection. */
export type AccessTokenIssuer = {
  accessToken(
    connection: { id: string; homeAccountId: string },
    options?: { forceRefresh?: boolean },
  ): Promise<{ accessToken: string; expiresOn: Date | null }>;
};

/** MSAL renews 5 minutes before expiry; asking again sooner would only reread the cache. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * The connection's access token for one client, kept until shortly before it expires, so a run of
 * Graph calls does not load and decrypt the MSAL cache for every request. Concurrent callers share
 * one lookup. Refused grants surface as MicrosoftIdentity's ReconnectRequiredError.
 */
export class ConnectionAccessToken {
  private cached?: { token: string; renewAtMs: number };
  private pending?: Promise<string>;

  constructor(
    private readonly issuer: AccessTokenIssuer,
    private readonly connection: { id: string; homeAccountId: string },
  ) {}

  get(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAtMs) return Promise.resolve(this.cached.token);
    return (this.pending ??= this.fetch(false));
  }

  /** After Graph answered 401: a token fresh from the token endpoint, not from the cache. */
  refresh(): Promise<string> {
    this.cached = undefined;
    return (this.pending = this.fetch(true));
  }

  private async fetch(forceRefresh: boolean): Promise<string> {
    try {
      const result = await this.issuer.accessToken(this.connection, { forceRefresh });
      const expiresMs = result.expiresOn?.getTime() ?? Date.now();
      this.cached = { token: result.accessToken, renewAtMs: expiresMs - RENEW_BEFORE_MS };
      return result.accessToken;
    } finally {
      this.pending = undefined;
    }
  }
}

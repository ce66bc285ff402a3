import {
  AuthError,
  ConfidentialClientApplication,
  ServerError,
  CryptoProvider,
  type AuthenticationResult,
  type ICachePlugin,
} from "@azure/msal-node";
import { Client } from "@microsoft/microsoft-graph-client";
import { ReconnectRequiredError } from "@/lib/errors";
import { CONNECT_SCOPES, type MicrosoftAppConfig } from "./app-config";
import { describeMsalError, errorForGrantFailure, grantFailureOf } from "./errors";
import { KeyedLock } from "./keyed-lock";
import { isMicrosoftLoginHost, msalConfiguration } from "./msal-configuration";
import type { TokenCacheStore } from "./token-cache-store";

export type RedeemedAccount = {
  homeAccountId: string;
  /** The id token's `tid` and `oid`: the account's identity at Microsoft, stable across renames. */
  tenantId: string;
  objectId: string;
  /** `preferred_username`: the UPN for work accounts. */
  username: string;
  /** The `email` claim, only when Microsoft marks its domain as verified by the tenant (`xms_edov`). */
  verifiedEmail: string | null;
  /**
   * `/me`'s `mail` (the mailbox's primary SMTP address, readable with `User.Read`): in tenants whose sign-in
   * names are not mail addresses, the address an invitation was sent to. Null when Graph had none or did not answer.
   */
  mailboxAddress: string | null;
  serializedCache: string;
};

/**
 * Everything the product does with the Microsoft identity platform, through MSAL. One app
 * registration; a ConfidentialClientApplication per token-cache partition (one instructor), as
 * MSAL recommends for server-side multi-user caches: a shared instance would mix users' caches.
 */
export class MicrosoftIdentity {
  private readonly crypto = new CryptoProvider();

  /**
   * `lock` queues each connection's refreshes; pass the process's one when several instances serve the same
   * database (one per Next.js module copy, see lib/context/create-context.ts).
   */
  constructor(
    readonly app: MicrosoftAppConfig,
    private readonly store: TokenCacheStore,
    private readonly lock = new KeyedLock(),
  ) {}

  pkce() {
    return this.crypto.generatePkceCodes();
  }

  /**
   * `prompt: "login"` makes Microsoft ask for credentials even when someone else is signed in (the
   * way back after the wrong account signed in); the hint pre-fills the invited address.
   */
  authCodeUrl(input: {
    state: string;
    nonce: string;
    codeChallenge: string;
    loginHint?: string;
    prompt?: "login";
  }): Promise<string> {
    return new ConfidentialClientApplication(msalConfiguration(this.app)).getAuthCodeUrl({
      scopes: CONNECT_SCOPES,
      redirectUri: this.app.redirectUri,
      responseMode: "query",
      state: input.state,
      nonce: input.nonce,
      codeChallenge: input.codeChallenge,
      codeChallengeMethod: "S256",
      // Never prompt=select_account: MSAL drops login_hint with it (Entra refuses the pair,
      // AzureAD/microsoft-authentication-library-for-js#3315), and the hint is what steers the
      // instructor to the invited account. prompt=login keeps the hint.
      loginHint: input.loginHint,
      ...(input.prompt && { prompt: input.prompt }),
    });
  }

  /**
   * Whether Microsoft confirms this app in the tenant: an app-only (client-credentials) token request for it
   * (graph-behaviour.md §10.2). A made-up tenant (AADSTS90002) or one the app was never approved in
   * (AADSTS7000229, 700016) is refused; Microsoft unreachable throws, so nothing is recorded on a guess.
   * Checked before an admin-consent callback is recorded: that redirect's `tenant` is only what the browser said.
   */
  async confirmAppInTenant(tenantId: string): Promise<boolean> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId)) return false;
    const client = new ConfidentialClientApplication(msalConfiguration(this.app, undefined, tenantId));
    try {
      const result = await client.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
      return Boolean(result?.accessToken);
    } catch (error) {
      // Microsoft answered: no such tenant (its metadata is refused too), or the app is not approved there.
      if (error instanceof ServerError) return false;
      if (error instanceof AuthError && error.errorCode === "endpoints_resolution_error") return false;
      throw error;
    }
  }

  /** The tenant's admin-consent URL (the legacy endpoint: it grants the app's configured permissions). */
  async adminConsentUrl(tenant: string, state: string): Promise<string> {
    const query = new URLSearchParams({
      client_id: this.app.clientId,
      redirect_uri: this.app.adminConsentRedirectUri,
      state,
    });
    return `${await this.browserLoginOrigin()}/${encodeURIComponent(tenant)}/adminconsent?${query}`;
  }

  private browserOrigin: Promise<string> | undefined;
  /**
   * Where browsers are sent to sign in: the origin of the authorization endpoint the login host
   * publishes. For Microsoft that is the login host itself; the emulator serves its pages on plain
   * http beside its https API (see ARCHITECTURE.md), so ask its discovery document.
   */
  private browserLoginOrigin(): Promise<string> {
    if (isMicrosoftLoginHost(new URL(this.app.loginUrl).host)) return Promise.resolve(this.app.loginUrl);
    this.browserOrigin ??= fetch(`${this.app.loginUrl}/organizations/v2.0/.well-known/openid-configuration`)
      .then((r) => r.json() as Promise<{ authorization_endpoint: string }>)
      .then((doc) => new URL(doc.authorization_endpoint).origin)
      .catch((error: unknown) => {
        this.browserOrigin = undefined;
        throw error;
      });
    return this.browserOrigin;
  }

  /** Redeems the code (MSAL checks the id_token's nonce) and returns the new cache to persist. */
  async redeemCode(input: {
    code: string;
    codeVerifier: string;
    nonce: string;
    state: string;
  }): Promise<RedeemedAccount> {
    let serializedCache = "";
    const capture: ICachePlugin = {
      beforeCacheAccess: async () => {},
      afterCacheAccess: async (ctx) => {
        if (ctx.cacheHasChanged) serializedCache = ctx.tokenCache.serialize();
      },
    };
    const client = new ConfidentialClientApplication(msalConfiguration(this.app, capture));
    const result = await client.acquireTokenByCode({
      code: input.code,
      codeVerifier: input.codeVerifier,
      nonce: input.nonce,
      state: input.state,
      redirectUri: this.app.redirectUri,
      scopes: CONNECT_SCOPES,
    });
    const account = result.account;
    if (!account) throw new Error("Microsoft returned no account for the code");
    const claims = account.idTokenClaims ?? {};
    const objectId = typeof claims.oid === "string" ? claims.oid : account.localAccountId;
    const email = typeof claims.email === "string" && claims.xms_edov === true ? claims.email : null;
    return {
      homeAccountId: account.homeAccountId,
      tenantId: account.tenantId,
      objectId,
      username: account.username,
      verifiedEmail: email,
      mailboxAddress: await mailboxAddressOf(this.app.graphUrl, result.accessToken),
      serializedCache,
    };
  }

  /**
   * Removes the connection's account and its tokens from the stored MSAL cache (MSAL `removeAccount`, saved
   * through the cache plugin), so nothing can refresh it any more. No stored cache or no account: nothing to do.
   * The caller deletes the encrypted blob itself afterwards; this makes sure MSAL's own view agrees.
   */
  forgetAccount(connection: { id: string; homeAccountId: string }): Promise<void> {
    return this.lock.run(connection.id, async () => {
      const stored = await this.store.load(connection.id);
      if (!stored) return;
      const plugin: ICachePlugin = {
        beforeCacheAccess: async (ctx) => ctx.tokenCache.deserialize(stored.data),
        afterCacheAccess: async (ctx) => {
          if (ctx.cacheHasChanged) await this.store.save(connection.id, ctx.tokenCache.serialize(), stored.version);
        },
      };
      const cache = new ConfidentialClientApplication(msalConfiguration(this.app, plugin)).getTokenCache();
      const account = await cache.getAccountByHomeId(connection.homeAccountId);
      if (account) await cache.removeAccount(account);
    });
  }

  /**
   * An access token for the connection, refreshing through the stored cache when needed. Rotated
   * refresh tokens are saved every time; refreshes for one connection queue within the process,
   * and a save that lost a race with another process keeps the winner's (equally valid) cache.
   */
  accessToken(
    connection: { id: string; homeAccountId: string },
    options: { forceRefresh?: boolean } = {},
  ): Promise<AuthenticationResult> {
    return this.lock.run(connection.id, async () => {
      let stored = await this.store.load(connection.id);
      if (!stored) throw new ReconnectRequiredError("No Microsoft sign-in is stored for this connection");
      const plugin: ICachePlugin = {
        beforeCacheAccess: async (ctx) => ctx.tokenCache.deserialize(stored!.data),
        afterCacheAccess: async (ctx) => {
          if (!ctx.cacheHasChanged) return;
          const data = ctx.tokenCache.serialize();
          const version = await this.store.save(connection.id, data, stored!.version);
          if (version !== null) stored = { data, version };
        },
      };
      const client = new ConfidentialClientApplication(msalConfiguration(this.app, plugin));
      const account = await client.getTokenCache().getAccountByHomeId(connection.homeAccountId);
      if (!account) throw new ReconnectRequiredError("The stored Microsoft sign-in has no account for this connection");
      try {
        return await client.acquireTokenSilent({
          account,
          scopes: CONNECT_SCOPES,
          forceRefresh: options.forceRefresh ?? false,
        });
      } catch (error) {
        // The one rule (lib/sync/refused-grant.ts) picks the typed error: revoked, reconnect, or try later.
        throw errorForGrantFailure(grantFailureOf(error), describeMsalError(error));
      }
    });
  }
}

/**
 * `GET /me?$select=mail` with the token just redeemed. Best effort: the account check still has the UPN and
 * the verified email when Graph does not answer, so a failure here is never the sign-in's failure.
 */
async function mailboxAddressOf(graphUrl: string, accessToken: string): Promise<string | null> {
  try {
    const client = Client.initWithMiddleware({
      baseUrl: graphUrl,
      customHosts: new Set([new URL(graphUrl).hostname]),
      authProvider: { getAccessToken: async () => accessToken },
    });
    const me = (await client.api("/me").select("mail").get()) as { mail?: string | null };
    return typeof me.mail === "string" && me.mail ? me.mail : null;
  } catch {
    return null;
  }
}

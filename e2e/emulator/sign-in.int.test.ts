/**
 * Unmodified MSAL Node against the emulator: getAuthCodeUrl -> sign-in and consent pages (posted
 * like a browser) -> acquireTokenByCode -> acquireTokenSilent refresh with rotation -> revocation.
 */
import { InteractionRequiredAuthError, ServerError } from "@azure/msal-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMs365Emulator, EMULATOR_CLIENT_ID, type Ms365Emulator } from "./index";
import { decodeJwtPayload } from "./identity/jwt";
import { verifyAccessToken } from "./identity/verify-access-token";
import { signInWithCode, userIdOf } from "./testing/flows";
import { createMsalClient, GRAPH_SCOPES, REDIRECT_URI } from "./testing/msal";

let emulator: Ms365Emulator;
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.reset());

const AMELIA = "amelia.hart@northwind-training.example";

const userId = (email: string) => userIdOf(emulator, email);

async function signInAndConsent(email: string, nonce = "nonce-123") {
  const started = await signInWithCode(emulator, email, { nonce, loginHint: email });
  return { ...started, params: started.driver.callback?.params ?? new URLSearchParams() };
}

describe("MSAL Node sign-in against the emulator", () => {
  it("advertises an http authorization endpoint that MSAL uses as is", async () => {
    const msal = createMsalClient(emulator.url);
    const authUrl = new URL(await msal.getAuthCodeUrl({ scopes: GRAPH_SCOPES, redirectUri: REDIRECT_URI }));
    expect(authUrl.origin).toBe(emulator.httpUrl);
    expect(authUrl.pathname).toBe("/organizations/oauth2/v2.0/authorize");
    expect(authUrl.searchParams.get("client_info")).toBe("1");
    expect(authUrl.searchParams.get("scope")?.split(" ")).toEqual(
      expect.arrayContaining(["openid", "profile", "offline_access"]),
    );
  });

  it("signs in, consents, redeems the code, refreshes with rotation and surfaces revocation", async () => {
    const { msal, pkce, code, params, nonce } = await signInAndConsent(AMELIA);
    expect(params.get("state")).toBe("state-abc");
    const amelia = await userId(AMELIA);

    const first = await msal.acquireTokenByCode({
      code,
      scopes: GRAPH_SCOPES,
      redirectUri: REDIRECT_URI,
      codeVerifier: pkce.verifier,
      nonce,
    });
    expect(first.account?.homeAccountId).toBe(`${amelia}.${first.tenantId}`);
    expect(first.account?.username).toBe(AMELIA);
    expect(first.idTokenClaims).toMatchObject({
      oid: amelia,
      preferred_username: AMELIA,
      name: "Amelia Hart",
      nonce,
      aud: EMULATOR_CLIENT_ID,
    });
    const verified = verifyAccessToken(emulator.ctx, first.accessToken);
    expect(verified).toMatchObject({ ok: true, userId: amelia, clientId: EMULATOR_CLIENT_ID });
    expect(verified.ok && verified.scopes).toEqual(expect.arrayContaining(["Calendars.ReadWrite", "User.Read"]));

    const rtBefore = [...emulator.state.refreshTokens.values()].filter((rt) => rt.userId === amelia);
    expect(rtBefore).toHaveLength(1);
    const account = first.account;
    if (!account) throw new Error("no account");
    const refreshed = await msal.acquireTokenSilent({ account, scopes: GRAPH_SCOPES, forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(refreshed.fromCache).toBe(false);
    const rtAfter = [...emulator.state.refreshTokens.values()].filter((rt) => rt.userId === amelia);
    expect(rtAfter).toHaveLength(2);
    expect(rtAfter[0]?.rotatedAt).toBeTypeOf("number");
    const cache = JSON.parse(msal.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
    expect(Object.values(cache.RefreshToken).map((rt) => rt.secret)).toEqual([rtAfter[1]?.token]);

    const revoke = await fetch(`${emulator.url}/_emulator/users/${amelia}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(revoke.status).toBe(200);
    // The access token stays valid until it expires (no `immediate`).
    expect(verifyAccessToken(emulator.ctx, refreshed.accessToken).ok).toBe(true);
    const failure = await msal
      .acquireTokenSilent({ account, scopes: GRAPH_SCOPES, forceRefresh: true })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(InteractionRequiredAuthError);
    expect(failure).toMatchObject({ errorCode: "invalid_grant", subError: "consent_required" });
    expect((failure as InteractionRequiredAuthError).errorMessage).toContain("AADSTS65001");
  });

  it("revoking sessions surfaces AADSTS50173 as a ServerError(invalid_grant), and immediate revocation kills access tokens", async () => {
    const { msal, pkce, code, nonce } = await signInAndConsent(AMELIA);
    const result = await msal.acquireTokenByCode({
      code,
      scopes: GRAPH_SCOPES,
      redirectUri: REDIRECT_URI,
      codeVerifier: pkce.verifier,
      nonce,
    });
    const amelia = await userId(AMELIA);
    await fetch(`${emulator.url}/_emulator/users/${amelia}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ immediate: true, reason: "sessionsRevoked" }),
    });
    expect(verifyAccessToken(emulator.ctx, result.accessToken)).toEqual({ ok: false, reason: "revoked" });
    const account = result.account;
    if (!account) throw new Error("no account");
    const failure = await msal
      .acquireTokenSilent({ account, scopes: GRAPH_SCOPES, forceRefresh: true })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ServerError);
    expect(failure).not.toBeInstanceOf(InteractionRequiredAuthError);
    expect(failure).toMatchObject({ errorCode: "invalid_grant" });
    expect((failure as ServerError).errorMessage).toContain("AADSTS50173");
  });

  it("expires a user's access tokens on demand and the id_token carries no nonce when none was sent", async () => {
    const { msal, pkce, code } = await signInAndConsent(AMELIA, "");
    const result = await msal.acquireTokenByCode({
      code,
      scopes: GRAPH_SCOPES,
      redirectUri: REDIRECT_URI,
      codeVerifier: pkce.verifier,
    });
    expect(decodeJwtPayload(result.idToken)?.nonce).toBeUndefined();
    const amelia = await userId(AMELIA);
    const res = await fetch(`${emulator.url}/_emulator/tokens/expire`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: amelia }),
    });
    expect(await res.json()).toEqual({ expired: 1 });
    expect(verifyAccessToken(emulator.ctx, result.accessToken)).toEqual({ ok: false, reason: "expired" });
  });
});

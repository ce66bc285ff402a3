/**
 * The device authorization grant (RFC 8628) as the Microsoft identity platform serves it
 * (GD/ED `v2-oauth2-device-code.md`, DOC): `POST /{tenant}/oauth2/v2.0/devicecode` (client_id, scope)
 * → `{device_code, user_code, verification_uri, expires_in, interval, message}`; the client polls the
 * token endpoint with `grant_type=urn:ietf:params:oauth:grant-type:device_code` (MSAL: `device_code`) and gets
 * `authorization_pending` (AADSTS70016) until the user signs in, `expired_token` (AADSTS70020) after
 * `expires_in`, then tokens. It is a public-client flow: no client secret (the app registration must
 * allow public client flows at Microsoft; the emulator allows it for every app [ASM]). The user's
 * side — microsoft.com/devicelogin — is `POST /_emulator/devicecode/approve {userCode, user}` here,
 * which is how the conformance kit stands in for the person at the keyboard.
 */
import { randomBytes } from "node:crypto";
import { json } from "../core/http";
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Route } from "../core/types";
import { findApp } from "./apps";
import { grantUserConsent } from "./consent";
import { issueDelegatedTokens } from "./issue-tokens";
import { tokenError, type OAuthError } from "./oauth-errors";
import { parseScopes } from "./scopes";
import { resolveTenantSegment } from "./tenants";
import type { GrantResult } from "./token-routes";

export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
/** What MSAL sends (msal-common GrantType.DEVICE_CODE_GRANT); Microsoft accepts both spellings. */
export const isDeviceCodeGrant = (grantType: string | null) =>
  grantType === DEVICE_CODE_GRANT || grantType === "device_code";
/** Microsoft's values: 15 minutes; poll every 5 s. The emulator polls faster so a test waits less [ASM]. */
const EXPIRES_IN_SECONDS = 900;
const INTERVAL_SECONDS = 1;

type PendingDeviceCode = {
  clientId: string;
  requested: string[];
  permissions: string[];
  userCode: string;
  expiresAt: number;
  userId?: string;
};

/** Per emulator state (reset with it: a new state object is a new map). */
const pendingByState = new WeakMap<object, Map<string, PendingDeviceCode>>();
const pendingOf = (ctx: EmulatorContext) => {
  let map = pendingByState.get(ctx.state);
  if (!map) pendingByState.set(ctx.state, (map = new Map()));
  return map;
};

const err = (error: string, code: number, description: string): OAuthError => ({
  status: 400,
  error,
  code,
  description: `AADSTS${code}: ${description}`,
});

function deviceCodeRequest(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const segment = req.params.tenant ?? "";
  if (!resolveTenantSegment(ctx.state, segment))
    return tokenError(req, err("invalid_request", 90002, `Tenant '${segment}' not found.`), ctx.now());
  const clientId = req.form.get("client_id") ?? "";
  const app = findApp(ctx.state, clientId);
  if (!app)
    return tokenError(req, err("unauthorized_client", 700016, `Application '${clientId}' was not found.`), ctx.now());
  const scopes = parseScopes(req.form.get("scope") ?? "", app, [req.origin.https, req.origin.http]);
  if (!scopes.ok) return tokenError(req, err(scopes.error, scopes.code, scopes.description), ctx.now());
  const deviceCode = randomBytes(32).toString("base64url");
  const userCode = randomBytes(5).toString("hex").toUpperCase().slice(0, 9);
  pendingOf(ctx).set(deviceCode, {
    clientId,
    requested: scopes.requested,
    permissions: scopes.permissions,
    userCode,
    expiresAt: ctx.now() + EXPIRES_IN_SECONDS * 1000,
  });
  const verificationUri = `${req.origin.http}/devicelogin`;
  return json(200, {
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: verificationUri,
    expires_in: EXPIRES_IN_SECONDS,
    interval: INTERVAL_SECONDS,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
  });
}

/** The token endpoint's device_code grant (no client secret: a public-client flow). */
export function redeemDeviceCode(req: EmulatorRequest, ctx: EmulatorContext): GrantResult {
  const code = req.form.get("device_code") ?? "";
  const pending = pendingOf(ctx).get(code);
  if (!pending || pending.clientId !== req.form.get("client_id"))
    return { ok: false, error: err("invalid_grant", 70000, "The provided value for the 'device_code' is not valid.") };
  if (ctx.now() >= pending.expiresAt) {
    pendingOf(ctx).delete(code);
    return {
      ok: false,
      error: err("expired_token", 70020, "The provided value for the input parameter 'device_code' is expired."),
    };
  }
  const user = pending.userId ? ctx.state.users.get(pending.userId) : undefined;
  const app = findApp(ctx.state, pending.clientId);
  if (!user || !app)
    return {
      ok: false,
      error: err(
        "authorization_pending",
        70016,
        "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
      ),
    };
  pendingOf(ctx).delete(code);
  req.userId = user.id;
  const body = issueDelegatedTokens(ctx, {
    user,
    app,
    requested: pending.requested,
    permissions: pending.permissions,
    issuerOrigin: req.origin.https,
    clientInfo: req.form.get("client_info") === "1",
  });
  return { ok: true, body };
}

/** The user at microsoft.com/devicelogin: enters the code and signs in as `user` (id or email). */
function approve(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = (req.json ?? {}) as { userCode?: unknown; user?: unknown };
  const userCode = typeof body.userCode === "string" ? body.userCode.toUpperCase() : "";
  const who = typeof body.user === "string" ? body.user.toLowerCase() : "";
  const user = [...ctx.state.users.values()].find((u) => u.id === who || u.email.toLowerCase() === who);
  if (!user) return json(404, { error: "not_found", message: `no user ${who}` });
  const pending = [...pendingOf(ctx).values()].find((p) => p.userCode === userCode && ctx.now() < p.expiresAt);
  if (!pending) return json(404, { error: "not_found", message: `no pending device code ${userCode}` });
  pending.userId = user.id;
  // Signing in at /devicelogin includes the consent prompt: the user consents to what was asked for.
  grantUserConsent(ctx.state, user, pending.clientId, pending.permissions);
  return json(200, { ok: true });
}

export const deviceCodeRoutes: Route[] = [
  { method: "POST", pattern: "/:tenant/oauth2/v2.0/devicecode", handler: deviceCodeRequest },
  { method: "POST", pattern: "/_emulator/devicecode/approve", handler: approve },
];

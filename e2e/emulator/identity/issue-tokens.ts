/**
 * Minting tokens. Access tokens are RS256 JWTs shaped like Graph's v1 tokens (aud graph, scp/roles,
 * oid, tid, uti) and recorded in state by `uti`, so expiry and revocation are decided by the
 * emulator's state, not by the `exp` claim alone. ID tokens follow reference §10.5/§13.14; the
 * success body follows §10.2 (client_info, expires_in, ext_expires_in).
 */
import { createHash } from "node:crypto";
import { opaqueToken } from "../core/ids";
import type { EmulatorContext } from "../core/types";
import type { AppRegistration, User } from "../state";
import { encodeClientInfo } from "./client-info";
import { signJwt } from "./jwt";
import { GRAPH_RESOURCE, responseScope } from "./scopes";

export type TokenSuccessBody = {
  token_type: "Bearer";
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
};

export type DelegatedIssue = {
  user: User;
  app: AppRegistration;
  /** Scopes as requested (response `scope`), and their canonical permission names. */
  requested: string[];
  permissions: string[];
  /** The issuer origin as the client addressed us (must match the authority for MSAL, reference §11.3). */
  issuerOrigin: string;
  nonce?: string;
  clientInfo: boolean;
};

export function issueDelegatedTokens(ctx: EmulatorContext, issue: DelegatedIssue): TokenSuccessBody {
  const { user, app, permissions } = issue;
  const graphScopes = permissions.filter((name) => name !== "offline_access");
  const accessToken = mintAccessToken(ctx, { app, tenantId: user.tenantId, user, scopes: graphScopes, roles: [] });
  const body: TokenSuccessBody = {
    token_type: "Bearer",
    scope: responseScope(issue.requested),
    expires_in: ctx.config.accessTokenLifetimeSeconds,
    ext_expires_in: ctx.config.accessTokenLifetimeSeconds,
    access_token: accessToken,
  };
  if (permissions.includes("offline_access")) body.refresh_token = mintRefreshToken(ctx, issue);
  if (permissions.includes("openid")) body.id_token = mintIdToken(ctx, issue);
  if (issue.clientInfo) body.client_info = encodeClientInfo(user.id, user.tenantId);
  return body;
}

export function mintAccessToken(
  ctx: EmulatorContext,
  grant: { app: AppRegistration; tenantId: string; user: User | null; scopes: string[]; roles: string[] },
): string {
  const now = ctx.now();
  const uti = opaqueToken("", 16);
  const lifetimeMs = ctx.config.accessTokenLifetimeSeconds * 1000;
  ctx.state.accessTokens.set(uti, {
    id: uti,
    clientId: grant.app.clientId,
    tenantId: grant.tenantId,
    userId: grant.user?.id ?? null,
    scopes: grant.scopes,
    roles: grant.roles,
    issuedAt: now,
    expiresAt: now + lifetimeMs,
  });
  const seconds = Math.floor(now / 1000);
  return signJwt(ctx.signingKey, {
    aud: GRAPH_RESOURCE,
    iss: `https://sts.windows.net/${grant.tenantId}/`,
    iat: seconds,
    nbf: seconds,
    exp: seconds + ctx.config.accessTokenLifetimeSeconds,
    appid: grant.app.clientId,
    app_displayname: grant.app.displayName,
    idtyp: grant.user ? "user" : "app",
    tid: grant.tenantId,
    uti,
    ver: "1.0",
    ...(grant.user
      ? {
          oid: grant.user.id,
          sub: pairwiseSub(grant.user.id, grant.app.clientId),
          upn: grant.user.email,
          unique_name: grant.user.email,
          name: grant.user.displayName,
          scp: grant.scopes.join(" "),
        }
      : {
          oid: servicePrincipalId(grant.tenantId, grant.app.clientId),
          sub: servicePrincipalId(grant.tenantId, grant.app.clientId),
          roles: grant.roles,
        }),
  });
}

function mintRefreshToken(ctx: EmulatorContext, issue: DelegatedIssue): string {
  const now = ctx.now();
  // Entra refresh tokens are opaque and start "0.A" or "1.A" (reference §10.2 example "0.AX...").
  const token = opaqueToken("0.A", 48);
  ctx.state.refreshTokens.set(token, {
    token,
    clientId: issue.app.clientId,
    userId: issue.user.id,
    tenantId: issue.user.tenantId,
    scopes: issue.requested,
    issuedAt: now,
    expiresAt: now + ctx.config.refreshTokenLifetimeSeconds * 1000,
  });
  return token;
}

function mintIdToken(ctx: EmulatorContext, issue: DelegatedIssue): string {
  const { user, app, permissions } = issue;
  const seconds = Math.floor(ctx.now() / 1000);
  const profile = permissions.includes("profile") || permissions.includes("User.Read");
  return signJwt(ctx.signingKey, {
    aud: app.clientId,
    iss: `${issue.issuerOrigin}/${user.tenantId}/v2.0`,
    iat: seconds,
    nbf: seconds,
    exp: seconds + 3600,
    sub: pairwiseSub(user.id, app.clientId),
    oid: user.id,
    tid: user.tenantId,
    ver: "2.0",
    ...(profile ? { preferred_username: user.email, name: user.displayName } : {}),
    ...(permissions.includes("email") ? { email: user.email } : {}),
    // nonce only when the authorize request carried one: MSAL 7 rejects an unexpected nonce (reference §11.1).
    ...(issue.nonce ? { nonce: issue.nonce } : {}),
  });
}

/** `sub` is pairwise per app (reference §10.5). */
function pairwiseSub(userId: string, clientId: string): string {
  return createHash("sha256").update(`${userId}:${clientId}`).digest("base64url").slice(0, 43);
}

function servicePrincipalId(tenantId: string, clientId: string): string {
  const hex = createHash("sha256").update(`sp:${tenantId}:${clientId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * grant_type=refresh_token with rotation: every success returns a new refresh token; the old one
 * stays usable (reference §10.2, "old ones are not revoked") unless config.rejectRotatedRefreshTokens.
 * A revoked grant fails with invalid_grant: AADSTS65001 + suberror consent_required when the user
 * removed the app (consent gone), AADSTS50173 when their tokens/sessions were revoked, AADSTS700082
 * when the token outlived its 90 days (reference §10.2 table, §13.12).
 */
import type { EmulatorContext, EmulatorRequest } from "../core/types";
import { findApp } from "./apps";
import { grantedPermissions } from "./consent";
import { issueDelegatedTokens } from "./issue-tokens";
import { aadsts } from "./oauth-errors";
import { parseScopes } from "./scopes";
import type { GrantResult } from "./token-routes";

export function redeemRefreshToken(req: EmulatorRequest, ctx: EmulatorContext, clientId: string): GrantResult {
  const value = req.form.get("refresh_token");
  if (!value) return { ok: false, error: aadsts.missingParameter("refresh_token") };
  const record = ctx.state.refreshTokens.get(value);
  if (!record) return { ok: false, error: aadsts.malformed() };
  req.userId = record.userId;
  const app = findApp(ctx.state, clientId);
  const user = ctx.state.users.get(record.userId);
  if (!app || !user) return { ok: false, error: aadsts.malformed() };
  if (record.clientId !== clientId) return { ok: false, error: aadsts.refreshForOtherClient() };
  if (record.revoked === "sessionsRevoked") {
    return { ok: false, error: aadsts.sessionsRevoked(iso(record.issuedAt), iso(record.revokedAt ?? ctx.now())) };
  }
  if (record.revoked === "consentRevoked")
    return { ok: false, error: aadsts.consentRequired(app.clientId, app.displayName) };
  if (ctx.now() >= record.expiresAt) return { ok: false, error: aadsts.refreshExpired(iso(record.issuedAt)) };
  if (record.rotatedAt !== undefined && ctx.config.rejectRotatedRefreshTokens)
    return { ok: false, error: aadsts.codeExpired() };

  // The scope asked for now must already be consented; a new permission needs an interactive request.
  const asked = parseScopes(req.form.get("scope") ?? record.scopes.join(" "), app, [req.origin.https, req.origin.http]);
  if (!asked.ok)
    return { ok: false, error: { status: 400, error: asked.error, code: asked.code, description: asked.description } };
  const granted = grantedPermissions(ctx.state, record.tenantId, clientId, record.userId);
  if (asked.permissions.some((name) => !granted.has(name)))
    return { ok: false, error: aadsts.consentRequired(app.clientId, app.displayName) };

  record.rotatedAt = ctx.now();
  const body = issueDelegatedTokens(ctx, {
    user,
    app,
    requested: asked.requested,
    // Keep offline_access so a refresh always rotates the refresh token, as Entra does.
    permissions: asked.permissions.includes("offline_access")
      ? asked.permissions
      : [...asked.permissions, "offline_access"],
    issuerOrigin: req.origin.https,
    clientInfo: req.form.get("client_info") === "1",
  });
  return { ok: true, body };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "0000Z");
}

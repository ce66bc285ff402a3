/**
 * POST /{tenant}/oauth2/v2.0/token (reference §10.2): authenticates the client, then dispatches on
 * grant_type. Every failure is the token endpoint's JSON error body (oauth-errors.ts).
 */
import { json } from "../core/http";
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Route } from "../core/types";
import { authenticateClient } from "./apps";
import { DEVICE_CODE_GRANT, isDeviceCodeGrant, redeemDeviceCode } from "./device-code";
import { redeemAuthorizationCode } from "./grant-authorization-code";
import { redeemClientCredentials } from "./grant-client-credentials";
import { redeemRefreshToken } from "./grant-refresh-token";
import { aadsts, tokenError, type OAuthError } from "./oauth-errors";
import type { TokenSuccessBody } from "./issue-tokens";
import { resolveTenantSegment, type TenantScope } from "./tenants";

export type GrantResult = { ok: true; body: Partial<TokenSuccessBody> } | { ok: false; error: OAuthError };

export const tokenRoutes: Route[] = [{ method: "POST", pattern: "/:tenant/oauth2/v2.0/token", handler: token }];

function token(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const segment = req.params.tenant ?? "";
  const scope = resolveTenantSegment(ctx.state, segment);
  if (!scope) return tokenError(req, aadsts.tenantNotFound(segment), ctx.now());
  // The device code flow is a public-client flow: no secret (device-code.ts).
  if (isDeviceCodeGrant(req.form.get("grant_type")) && !req.form.get("client_secret")) {
    const result = redeemDeviceCode(req, ctx);
    return result.ok ? json(200, result.body) : tokenError(req, result.error, ctx.now());
  }
  const client = authenticateClient(ctx.state, req, segment);
  if (!client.ok) return tokenError(req, client.error, ctx.now());
  const result = runGrant(req, ctx, scope, client.app.clientId);
  return result.ok ? json(200, result.body) : tokenError(req, result.error, ctx.now());
}

function runGrant(req: EmulatorRequest, ctx: EmulatorContext, scope: TenantScope, clientId: string): GrantResult {
  const grantType = req.form.get("grant_type");
  switch (grantType) {
    case "authorization_code":
      return redeemAuthorizationCode(req, ctx, clientId);
    case "refresh_token":
      return redeemRefreshToken(req, ctx, clientId);
    case "client_credentials":
      return redeemClientCredentials(req, ctx, scope, clientId);
    case DEVICE_CODE_GRANT:
    case "device_code":
      return redeemDeviceCode(req, ctx);
    case null:
    case "":
      return { ok: false, error: aadsts.missingParameter("grant_type") };
    default:
      return { ok: false, error: aadsts.unsupportedGrant(grantType) };
  }
}

/**
 * grant_type=client_credentials (reference §10.2): a tenant-specific authority, exactly one
 * `<resource>/.default` scope, no refresh token, no id_token. The token's `roles` are the application
 * permissions an admin granted in that tenant (none -> a token without roles, which Graph rejects with 403).
 */
import type { EmulatorContext, EmulatorRequest } from "../core/types";
import { findApp } from "./apps";
import { appRoleKey } from "./consent";
import { mintAccessToken } from "./issue-tokens";
import { aadsts } from "./oauth-errors";
import { GRAPH_RESOURCE } from "./scopes";
import type { TenantScope } from "./tenants";
import type { GrantResult } from "./token-routes";

export function redeemClientCredentials(
  req: EmulatorRequest,
  ctx: EmulatorContext,
  scope: TenantScope,
  clientId: string,
): GrantResult {
  if (scope.kind !== "single") return { ok: false, error: aadsts.clientCredentialsNeedsTenant(scope.segment) };
  const requested = req.form.get("scope") ?? "";
  const parts = requested.split(/\s+/).filter(Boolean);
  const resources = [GRAPH_RESOURCE, "00000003-0000-0000-c000-000000000000", req.origin.https].map(
    (r) => `${r.toLowerCase()}/.default`,
  );
  if (parts.length !== 1 || !resources.includes((parts[0] ?? "").toLowerCase())) {
    return { ok: false, error: aadsts.clientCredentialsScope(requested) };
  }
  const app = findApp(ctx.state, clientId);
  if (!app) return { ok: false, error: aadsts.malformed() };
  const roles = [...(ctx.state.appRoleGrants.get(appRoleKey(scope.tenant.id, clientId)) ?? [])];
  const accessToken = mintAccessToken(ctx, { app, tenantId: scope.tenant.id, user: null, scopes: [], roles });
  return {
    ok: true,
    body: {
      token_type: "Bearer",
      expires_in: ctx.config.accessTokenLifetimeSeconds,
      ext_expires_in: ctx.config.accessTokenLifetimeSeconds,
      access_token: accessToken,
    },
  };
}

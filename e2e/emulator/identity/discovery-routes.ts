/**
 * Discovery (reference §10.4, §11.3, §13.13): the OpenID configuration MSAL fetches for a
 * non-Microsoft authority, the JWKS, instance discovery (only used without knownAuthorities) and
 * the end-session endpoint. Server-to-server endpoints are https; the browser-facing ones
 * (authorization_endpoint, end_session_endpoint) use config.browserScheme — see README, "the TLS recipe".
 * Endpoints are built from the Host the client used, so the issuer always shares the authority's
 * origin (MSAL's issuer validation, reference §11.3).
 */
import { json, redirect } from "../core/http";
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Route } from "../core/types";
import { currentSessionUser, SESSION_COOKIE } from "./authorize-routes";
import { publicJwk } from "./jwt";
import { aadsts, tokenError } from "./oauth-errors";
import { resolveTenantSegment } from "./tenants";

export const discoveryRoutes: Route[] = [
  { method: "GET", pattern: "/:tenant/v2.0/.well-known/openid-configuration", handler: openidConfiguration },
  { method: "GET", pattern: "/:tenant/.well-known/openid-configuration", handler: openidConfiguration },
  {
    method: "GET",
    pattern: "/:tenant/discovery/v2.0/keys",
    handler: (_req, ctx) => json(200, { keys: [publicJwk(ctx.signingKey)] }),
  },
  {
    method: "GET",
    pattern: "/:tenant/discovery/keys",
    handler: (_req, ctx) => json(200, { keys: [publicJwk(ctx.signingKey)] }),
  },
  { method: "GET", pattern: "/common/discovery/instance", handler: instanceDiscovery },
  { method: "GET", pattern: "/:tenant/oauth2/v2.0/logout", handler: logout },
];

function openidConfiguration(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const segment = req.params.tenant ?? "";
  const scope = resolveTenantSegment(ctx.state, segment);
  if (!scope) return tokenError(req, { ...aadsts.tenantNotFound(segment), error: "invalid_tenant" }, ctx.now());
  const tenantPath = scope.kind === "single" ? scope.tenant.id : scope.segment;
  const issuerTenant = scope.kind === "single" ? scope.tenant.id : "{tenantid}";
  const https = req.origin.https;
  const browser = ctx.config.browserScheme === "http" ? req.origin.http : req.origin.https;
  return json(200, {
    token_endpoint: `${https}/${tenantPath}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${https}/${tenantPath}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${https}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${https}/oidc/userinfo`,
    authorization_endpoint: `${browser}/${tenantPath}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${https}/${tenantPath}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${browser}/${tenantPath}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "at_hash",
      "c_hash",
      "email",
      "oid",
    ],
    tenant_region_scope: "WW",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: new URL(https).host,
    rbac_url: "https://pas.windows.net",
  });
}

function instanceDiscovery(req: EmulatorRequest): EmulatorResponse {
  const host = new URL(req.origin.https).host;
  return json(200, {
    tenant_discovery_endpoint: `${req.origin.https}/{tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

/** Ends the emulator's sign-in session cookie and returns to post_logout_redirect_uri when given. */
function logout(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const user = currentSessionUser(ctx, req);
  if (user)
    for (const [session, userId] of ctx.state.sessions) if (userId === user.id) ctx.state.sessions.delete(session);
  const clear = `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`;
  const target = req.query.get("post_logout_redirect_uri");
  if (target) return redirect(target, { "set-cookie": clear });
  return {
    status: 200,
    headers: { "content-type": "text/plain; charset=utf-8", "set-cookie": clear },
    body: "You signed out of your account.",
  };
}

/**
 * Admin consent (reference §10.3): GET /{tenant}/adminconsent (legacy: consents to everything the
 * registration configures) and GET /{tenant}/v2.0/adminconsent (`scope` required). An admin signs
 * in, sees the consent page "for your organization", and Accept redirects with
 * admin_consent=True&tenant=<tid>&state (+ scope for v2). A non-admin ends on "Need admin approval"
 * (AADSTS90094).
 */
import { randomUUID } from "node:crypto";
import { html } from "../core/http";
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Route } from "../core/types";
import type { AppRegistration, PendingFlow, User } from "../state";
import { findApp, isAllowedRedirectUri } from "./apps";
import type { AuthorizeRequest } from "./authorize-request";
import { respondToClient } from "./authorize-response";
import { grantTenantConsent } from "./consent";
import { startFlow } from "./flow";
import { aadTimestamp } from "./oauth-errors";
import { errorPage } from "./pages/message";
import { signInPage } from "./pages/sign-in";
import { parseScopes } from "./scopes";
import { resolveTenantSegment } from "./tenants";

export const adminConsentRoutes: Route[] = [
  { method: "GET", pattern: "/:tenant/adminconsent", handler: (req, ctx) => start(req, ctx, "adminconsent") },
  { method: "GET", pattern: "/:tenant/v2.0/adminconsent", handler: (req, ctx) => start(req, ctx, "adminconsent-v2") },
];

function start(req: EmulatorRequest, ctx: EmulatorContext, kind: "adminconsent" | "adminconsent-v2"): EmulatorResponse {
  const segment = req.params.tenant ?? "";
  const scope = resolveTenantSegment(ctx.state, segment);
  if (!scope)
    return pageError(
      ctx,
      90002,
      `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  const clientId = req.query.get("client_id");
  const app = findApp(ctx.state, clientId);
  if (!app)
    return pageError(ctx, 700016, `Application with identifier '${clientId ?? ""}' was not found in the directory.`);
  const redirectUri = req.query.get("redirect_uri");
  if (!redirectUri || !isAllowedRedirectUri(app, redirectUri)) {
    return pageError(
      ctx,
      50011,
      `The redirect URI '${redirectUri ?? ""}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'.`,
    );
  }
  const state = req.query.get("state") ?? undefined;
  let requested = app.delegatedPermissions;
  let permissions = app.delegatedPermissions;
  if (kind === "adminconsent-v2") {
    const parsed = parseScopes(req.query.get("scope") ?? "", app, [req.origin.https, req.origin.http]);
    if (!parsed.ok || parsed.permissions.length === 0) {
      const description = parsed.ok
        ? "AADSTS900144: The request body must contain the following parameter: 'scope'."
        : parsed.description;
      return respondToClient(
        { redirectUri, responseMode: "query" },
        { error: parsed.ok ? "invalid_request" : parsed.error, error_description: description, state },
      );
    }
    requested = parsed.requested;
    permissions = parsed.permissions;
  }
  const request: AuthorizeRequest = {
    clientId: app.clientId,
    redirectUri,
    responseMode: "query",
    requested,
    permissions,
    clientInfo: false,
    ...(state !== undefined ? { state } : {}),
  };
  // Not marked adminSignIn: a non-admin who signs in here must reach "Need admin approval", not an inline error.
  const flow = startFlow(ctx, { kind, tenantSegment: segment, request });
  return html(
    200,
    signInPage({
      action: `/${encodeURIComponent(segment)}/login`,
      flowId: flow.id,
      appName: app.displayName,
      ...(scope.kind === "single" ? { tenantName: scope.tenant.displayName } : {}),
      adminMode: "suggested",
    }),
  );
}

/** Accept on the organisation consent page. */
export function completeAdminConsent(
  ctx: EmulatorContext,
  flow: PendingFlow,
  user: User,
  app: AppRegistration,
): EmulatorResponse {
  ctx.state.flows.delete(flow.id);
  if (!user.isAdmin) {
    return respondToClient(flow.request, {
      error: "access_denied",
      error_description: "AADSTS90094: The grant requires admin permission.",
      state: flow.request.state,
    });
  }
  grantTenantConsent(ctx.state, user.tenantId, app, flow.request.permissions);
  return respondToClient(flow.request, {
    admin_consent: "True",
    tenant: user.tenantId,
    ...(flow.kind === "adminconsent-v2" ? { scope: flow.request.requested.join(" ") } : {}),
    state: flow.request.state,
  });
}

function pageError(ctx: EmulatorContext, code: number, message: string): EmulatorResponse {
  return html(400, errorPage(code, message, randomUUID(), aadTimestamp(ctx.now())));
}

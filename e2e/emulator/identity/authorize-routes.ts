/**
 * The interactive pages: GET /{tenant}/oauth2/v2.0/authorize, the sign-in form (POST /{tenant}/login,
 * as Entra's own form posts to /common/login), the consent form (POST /{tenant}/Consent/Set) and the
 * "return without consent" link. All plain form posts, so tests can drive them with fetch.
 * Behaviour per reference §10.1 / §13.11: prompt (login, select_account, consent, none), login_hint,
 * state, nonce, PKCE, response_mode; a sign-in cookie lets a second authorize skip the sign-in page.
 */
import { randomUUID } from "node:crypto";
import { html, parseCookies } from "../core/http";
import { opaqueToken } from "../core/ids";
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Route } from "../core/types";
import { findUserByEmail, type PendingFlow, type User } from "../state";
import { validateAuthorizeRequest } from "./authorize-request";
import { respondToClient } from "./authorize-response";
import { grantTenantConsent, grantUserConsent, decideConsent } from "./consent";
import { completeAdminConsent } from "./admin-consent-routes";
import { completeAuthorize, continueFlow, declineFlow, findFlow, flowExpiredPage, startFlow } from "./flow";
import { aadTimestamp } from "./oauth-errors";
import { errorPage } from "./pages/message";
import { signInPage } from "./pages/sign-in";
import { resolveTenantSegment, userAllowedIn } from "./tenants";
import { findApp } from "./apps";

export const SESSION_COOKIE = "emu_estsauth";

export const authorizeRoutes: Route[] = [
  { method: "GET", pattern: "/:tenant/oauth2/v2.0/authorize", handler: authorize },
  { method: "GET", pattern: "/:tenant/login", handler: showSignIn },
  { method: "POST", pattern: "/:tenant/login", handler: signIn },
  { method: "POST", pattern: "/:tenant/Consent/Set", handler: setConsent },
  { method: "GET", pattern: "/:tenant/Consent/Return", handler: returnWithoutConsent },
];

function authorize(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const segment = req.params.tenant ?? "";
  const scope = resolveTenantSegment(ctx.state, segment);
  if (!scope)
    return errorResponse(
      ctx,
      90002,
      `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  const validation = validateAuthorizeRequest(ctx.state, req.query, [req.origin.https, req.origin.http]);
  if (!validation.ok && validation.kind === "page") return errorResponse(ctx, validation.code, validation.message);
  if (!validation.ok) {
    return respondToClient(validation, {
      error: validation.error,
      error_description: validation.description,
      state: validation.state,
    });
  }
  const { request } = validation;
  const flow = startFlow(ctx, { kind: "authorize", tenantSegment: segment, request });
  const sessionUser = currentSessionUser(ctx, req);
  const reusable =
    sessionUser &&
    userAllowedIn(scope, sessionUser) &&
    (!request.loginHint || request.loginHint.toLowerCase() === sessionUser.email.toLowerCase());

  if (request.prompt === "none") {
    if (!reusable || !sessionUser) {
      ctx.state.flows.delete(flow.id);
      return respondToClient(request, {
        error: "login_required",
        error_description: "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
        state: request.state,
      });
    }
    const tenant = ctx.state.tenants.get(sessionUser.tenantId);
    const app = findApp(ctx.state, request.clientId);
    if (
      tenant &&
      app &&
      decideConsent(ctx.state, sessionUser, tenant, app, request.permissions, false).next !== "granted"
    ) {
      ctx.state.flows.delete(flow.id);
      return respondToClient(request, {
        error: "consent_required",
        error_description: `AADSTS65001: The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.displayName}'.`,
        state: request.state,
      });
    }
    return completeAuthorize(ctx, { ...flow, userId: sessionUser.id }, sessionUser);
  }
  if (reusable && sessionUser && request.prompt !== "login" && request.prompt !== "select_account") {
    flow.userId = sessionUser.id;
    req.userId = sessionUser.id;
    return continueFlow(ctx, flow, sessionUser);
  }
  return renderSignIn(ctx, flow, {});
}

function showSignIn(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const flow = findFlow(ctx, req.query.get("flow"));
  if (!flow) return flowExpiredPage(ctx);
  if (req.query.get("admin") === "1") flow.adminSignIn = true;
  return renderSignIn(ctx, flow, {});
}

function signIn(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const flow = findFlow(ctx, req.form.get("flow"));
  if (!flow) return flowExpiredPage(ctx);
  if (req.form.get("admin") === "1") flow.adminSignIn = true;
  const login = (req.form.get("login") ?? "").trim();
  const user = login ? findUserByEmail(ctx.state, login) : undefined;
  if (!user) {
    return renderSignIn(ctx, flow, {
      login,
      error: login
        ? "This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin."
        : "Enter a valid email address, phone number, or Skype name.",
    });
  }
  const scope = resolveTenantSegment(ctx.state, flow.tenantSegment);
  if (scope && !userAllowedIn(scope, user)) {
    const tenantName = scope.kind === "single" ? scope.tenant.displayName : flow.tenantSegment;
    return renderSignIn(ctx, flow, {
      login,
      error: `AADSTS50020: User account '${user.email}' from identity provider 'https://sts.windows.net/${user.tenantId}/' does not exist in tenant '${tenantName}' and cannot access the application '${flow.request.clientId}' in that tenant.`,
    });
  }
  if (flow.adminSignIn && !user.isAdmin) {
    return renderSignIn(ctx, flow, {
      login,
      error: `${user.email} is not an administrator of this organization. Sign in with an admin account.`,
    });
  }
  req.userId = user.id;
  flow.userId = user.id;
  const session = opaqueToken("", 24);
  ctx.state.sessions.set(session, user.id);
  const response = continueFlow(ctx, flow, user);
  response.headers["set-cookie"] = `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Lax`;
  return response;
}

function setConsent(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const flow = findFlow(ctx, req.form.get("flow"));
  const user = flow?.userId ? ctx.state.users.get(flow.userId) : undefined;
  const app = flow ? findApp(ctx.state, flow.request.clientId) : undefined;
  if (!flow || !user || !app) return flowExpiredPage(ctx);
  req.userId = user.id;
  if (req.form.get("action") !== "accept") return declineFlow(ctx, flow);
  if (flow.kind !== "authorize") return completeAdminConsent(ctx, flow, user, app);
  if (user.isAdmin && req.form.get("consentForOrg") === "1")
    grantTenantConsent(ctx.state, user.tenantId, app, flow.request.permissions);
  else if (user.isAdmin || !ctx.state.tenants.get(user.tenantId)?.userConsentDisabled)
    grantUserConsent(ctx.state, user, app.clientId, flow.request.permissions);
  else return continueFlow(ctx, flow, user); // a non-admin cannot consent here: back to "Need admin approval"
  return completeAuthorize(ctx, flow, user);
}

function returnWithoutConsent(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const flow = findFlow(ctx, req.query.get("flow"));
  return flow ? declineFlow(ctx, flow) : flowExpiredPage(ctx);
}

function renderSignIn(
  ctx: EmulatorContext,
  flow: PendingFlow,
  input: { login?: string; error?: string },
): EmulatorResponse {
  const app = findApp(ctx.state, flow.request.clientId);
  const scope = resolveTenantSegment(ctx.state, flow.tenantSegment);
  const loginHint = input.login ?? (flow.adminSignIn ? undefined : flow.request.loginHint);
  return html(
    200,
    signInPage({
      action: `/${encodeURIComponent(flow.tenantSegment)}/login`,
      flowId: flow.id,
      appName: app?.displayName ?? flow.request.clientId,
      ...(scope?.kind === "single" ? { tenantName: scope.tenant.displayName } : {}),
      ...(loginHint ? { loginHint } : {}),
      ...(input.error ? { error: input.error } : {}),
      ...(flow.adminSignIn
        ? { adminMode: "required" as const }
        : flow.kind !== "authorize"
          ? { adminMode: "suggested" as const }
          : {}),
    }),
  );
}

function currentSessionUser(ctx: EmulatorContext, req: EmulatorRequest): User | undefined {
  const session = parseCookies(typeof req.headers.cookie === "string" ? req.headers.cookie : undefined).get(
    SESSION_COOKIE,
  );
  const userId = session ? ctx.state.sessions.get(session) : undefined;
  return userId ? ctx.state.users.get(userId) : undefined;
}

function errorResponse(ctx: EmulatorContext, code: number, message: string): EmulatorResponse {
  return html(400, errorPage(code, message, randomUUID(), aadTimestamp(ctx.now())));
}

export { currentSessionUser };

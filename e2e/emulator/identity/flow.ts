/**
 * The steps after a user is known, shared by /authorize and /adminconsent: skip consent when it is
 * already granted, show the consent page, or stop at "Need admin approval" (reference §10.1, §10.3).
 */
import { randomUUID } from "node:crypto";
import { html } from "../core/http";
import { opaqueToken } from "../core/ids";
import type { EmulatorContext, EmulatorResponse } from "../core/types";
import type { PendingFlow, User } from "../state";
import { findApp } from "./apps";
import { respondToClient } from "./authorize-response";
import { encodeClientInfo } from "./client-info";
import { decideConsent } from "./consent";
import { aadTimestamp } from "./oauth-errors";
import { adminApprovalPage } from "./pages/admin-approval";
import { consentPage } from "./pages/consent";
import { errorPage } from "./pages/message";
import { permissionsToDisplay } from "./scopes";

export function startFlow(ctx: EmulatorContext, flow: Omit<PendingFlow, "id" | "createdAt">): PendingFlow {
  const created: PendingFlow = { ...flow, id: opaqueToken("", 18), createdAt: ctx.now() };
  ctx.state.flows.set(created.id, created);
  return created;
}

/** Flows older than an hour are gone, like an Entra sign-in page left open too long. */
export function findFlow(ctx: EmulatorContext, id: string | null | undefined): PendingFlow | undefined {
  const flow = id ? ctx.state.flows.get(id) : undefined;
  return flow && ctx.now() - flow.createdAt < 3600_000 ? flow : undefined;
}

export function flowExpiredPage(ctx: EmulatorContext): EmulatorResponse {
  return html(
    400,
    errorPage(
      9002313,
      "Invalid request. Request is malformed or invalid. The sign-in session has expired; go back to the application and try again.",
      randomUUID(),
      aadTimestamp(ctx.now()),
    ),
  );
}

/** Decide what the signed-in user sees next. */
export function continueFlow(ctx: EmulatorContext, flow: PendingFlow, user: User): EmulatorResponse {
  const app = findApp(ctx.state, flow.request.clientId);
  const tenant = ctx.state.tenants.get(user.tenantId);
  if (!app || !tenant) return flowExpiredPage(ctx);
  const base = `/${encodeURIComponent(flow.tenantSegment)}`;

  if (flow.kind !== "authorize") {
    if (!user.isAdmin) return approvalPage(ctx, flow, user, app.displayName, base);
    return html(
      200,
      consentPage({
        action: `${base}/Consent/Set`,
        flowId: flow.id,
        appName: app.displayName,
        userEmail: user.email,
        tenantName: tenant.displayName,
        permissions: permissionsToDisplay(flow.request.permissions),
        mode: "organization",
      }),
    );
  }

  const decision = decideConsent(
    ctx.state,
    user,
    tenant,
    app,
    flow.request.permissions,
    flow.request.prompt === "consent",
  );
  if (decision.next === "granted") return completeAuthorize(ctx, flow, user);
  if (decision.next === "adminApproval") return approvalPage(ctx, flow, user, app.displayName, base);
  return html(
    200,
    consentPage({
      action: `${base}/Consent/Set`,
      flowId: flow.id,
      appName: app.displayName,
      userEmail: user.email,
      tenantName: tenant.displayName,
      permissions: permissionsToDisplay(decision.missing),
      mode: user.isAdmin ? "admin-user" : "user",
      ...(flow.adminSignIn ? { orgPreselected: true } : {}),
    }),
  );
}

/** Issue a ~10-minute, single-use code and send it to the redirect URI (reference §10.1). */
export function completeAuthorize(ctx: EmulatorContext, flow: PendingFlow, user: User): EmulatorResponse {
  const { request } = flow;
  const code = opaqueToken("1.A", 96);
  ctx.state.codes.set(code, {
    code,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    userId: user.id,
    tenantId: user.tenantId,
    scopes: request.requested,
    permissions: request.permissions,
    expiresAt: ctx.now() + ctx.config.authCodeLifetimeSeconds * 1000,
    ...(request.codeChallenge
      ? { codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod ?? "plain" }
      : {}),
    ...(request.nonce ? { nonce: request.nonce } : {}),
  });
  ctx.state.flows.delete(flow.id);
  return respondToClient(request, {
    code,
    client_info: request.clientInfo ? encodeClientInfo(user.id, user.tenantId) : undefined,
    state: request.state,
    session_state: randomUUID(),
  });
}

function approvalPage(
  ctx: EmulatorContext,
  flow: PendingFlow,
  user: User,
  appName: string,
  base: string,
): EmulatorResponse {
  return html(
    200,
    adminApprovalPage({
      appName,
      userEmail: user.email,
      adminSignInHref: `${base}/login?flow=${encodeURIComponent(flow.id)}&admin=1`,
      returnHref: `${base}/Consent/Return?flow=${encodeURIComponent(flow.id)}`,
      correlationId: randomUUID(),
      timestamp: aadTimestamp(ctx.now()),
    }),
  );
}

/**
 * Cancel on a consent page, or "Return to the application without granting consent":
 * /authorize gets access_denied + AADSTS65004 (reference §10.1); the legacy /adminconsent gets
 * permission_denied, the v2 one admin_consent=True&error=consent_required (reference §10.3).
 */
export function declineFlow(ctx: EmulatorContext, flow: PendingFlow): EmulatorResponse {
  ctx.state.flows.delete(flow.id);
  const { request } = flow;
  if (flow.kind === "adminconsent") {
    return respondToClient(request, {
      error: "permission_denied",
      error_description: "The admin canceled the request",
      state: request.state,
    });
  }
  if (flow.kind === "adminconsent-v2") {
    return respondToClient(request, {
      admin_consent: "True",
      error: "consent_required",
      error_description: "AADSTS65004: The resource owner or authorization server denied the request.",
      state: request.state,
    });
  }
  return respondToClient(request, {
    error: "access_denied",
    error_subcode: "cancel",
    error_description: "AADSTS65004: User declined to consent to access the app.",
    state: request.state,
  });
}

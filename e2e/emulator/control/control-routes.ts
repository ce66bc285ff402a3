/**
 * The control API under /_emulator (JSON). Other test suites drive the emulator through exactly
 * these routes; README.md documents them. Control requests are not logged and never faulted.
 */
import type { z } from "zod";
import { json, noContent } from "../core/http";
import { newGuid, opaqueToken } from "../core/ids";
import { addFault } from "../core/faults";
import { filterRequestLog } from "../core/request-log";
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Route } from "../core/types";
import { findApp } from "../identity/apps";
import { grantTenantConsent } from "../identity/consent";
import { revokeUser, expireUserAccessTokens } from "./revocation";
import { findUserByEmail } from "../state";
import {
  AdvanceClock,
  CreateApp,
  CreateFault,
  CreateTenant,
  CreateUser,
  ExpireTokens,
  RevokeUser,
  TenantConsent,
} from "./schemas";

export function controlRoutes(reset: () => void): Route[] {
  return [
    { method: "POST", pattern: "/_emulator/reset", handler: () => (reset(), json(200, { ok: true })) },
    {
      method: "GET",
      pattern: "/_emulator/tenants",
      handler: (_req, ctx) => json(200, { value: [...ctx.state.tenants.values()] }),
    },
    { method: "POST", pattern: "/_emulator/tenants", handler: createTenant },
    { method: "POST", pattern: "/_emulator/tenants/:tenantId/consent", handler: consentForTenant },
    { method: "GET", pattern: "/_emulator/users", handler: listUsers },
    { method: "POST", pattern: "/_emulator/users", handler: createUser },
    { method: "POST", pattern: "/_emulator/users/:userId/revoke", handler: revoke },
    { method: "POST", pattern: "/_emulator/tokens/expire", handler: expireTokens },
    { method: "GET", pattern: "/_emulator/requests", handler: listRequests },
    {
      method: "DELETE",
      pattern: "/_emulator/requests",
      handler: (_req, ctx) => ((ctx.state.requestLog = []), noContent()),
    },
    { method: "GET", pattern: "/_emulator/faults", handler: (_req, ctx) => json(200, { value: ctx.state.faults }) },
    { method: "POST", pattern: "/_emulator/faults", handler: createFault },
    { method: "DELETE", pattern: "/_emulator/faults", handler: (_req, ctx) => ((ctx.state.faults = []), noContent()) },
    { method: "POST", pattern: "/_emulator/apps", handler: createApp },
    { method: "POST", pattern: "/_emulator/clock", handler: advanceClock },
  ];
}

function parse<T extends z.ZodType>(
  schema: T,
  req: EmulatorRequest,
): { ok: true; data: z.infer<T> } | { ok: false; response: EmulatorResponse } {
  const result = schema.safeParse(req.json ?? {});
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, response: json(400, { error: "invalid_body", issues: result.error.issues }) };
}

function createTenant(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = parse(CreateTenant, req);
  if (!body.ok) return body.response;
  const id = body.data.id ?? newGuid();
  if (ctx.state.tenants.has(id)) return json(409, { error: "conflict", message: `tenant ${id} exists` });
  ctx.state.tenants.set(id, {
    id,
    displayName: body.data.displayName,
    userConsentDisabled: body.data.userConsentDisabled ?? false,
    ...(body.data.domain ? { domain: body.data.domain } : {}),
  });
  return json(201, { id });
}

function createUser(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = parse(CreateUser, req);
  if (!body.ok) return body.response;
  if (!ctx.state.tenants.has(body.data.tenantId))
    return json(404, { error: "not_found", message: `no tenant ${body.data.tenantId}` });
  if (findUserByEmail(ctx.state, body.data.email))
    return json(409, { error: "conflict", message: `user ${body.data.email} exists` });
  const id = body.data.id ?? newGuid();
  if (ctx.state.users.has(id)) return json(409, { error: "conflict", message: `user ${id} exists` });
  ctx.state.users.set(id, {
    id,
    tenantId: body.data.tenantId,
    email: body.data.email,
    displayName: body.data.displayName,
    isAdmin: body.data.isAdmin ?? false,
    timeZone: body.data.timeZone ?? "UTC",
    ...(body.data.mail ? { mail: body.data.mail } : {}),
  });
  return json(201, { id });
}

function listUsers(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const email = req.query.get("email")?.toLowerCase();
  const tenantId = req.query.get("tenantId");
  const value = [...ctx.state.users.values()].filter(
    (u) => (!email || u.email.toLowerCase() === email) && (!tenantId || u.tenantId === tenantId),
  );
  return json(200, { value });
}

function revoke(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = parse(RevokeUser, req);
  if (!body.ok) return body.response;
  const userId = req.params.userId ?? "";
  if (!ctx.state.users.has(userId)) return json(404, { error: "not_found", message: `no user ${userId}` });
  return json(200, revokeUser(ctx, userId, body.data));
}

function expireTokens(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = parse(ExpireTokens, req);
  if (!body.ok) return body.response;
  return json(200, { expired: expireUserAccessTokens(ctx, body.data.userId) });
}

function listRequests(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const filter = {
    ...(req.query.get("userId") ? { userId: req.query.get("userId") as string } : {}),
    ...(req.query.get("path") ? { path: req.query.get("path") as string } : {}),
    ...(req.query.get("method") ? { method: req.query.get("method") as string } : {}),
  };
  return json(200, { value: filterRequestLog(ctx.state.requestLog, filter) });
}

function createFault(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = parse(CreateFault, req);
  if (!body.ok) return body.response;
  const { errorCode, message, ...rest } = body.data;
  const fault = addFault(ctx.state, {
    ...stripUndefined(rest),
    ...(errorCode ? { errorCode } : {}),
    ...(message ? { message } : {}),
  });
  return json(201, { id: fault.id });
}

function createApp(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = parse(CreateApp, req);
  if (!body.ok) return body.response;
  const clientId = (body.data.clientId ?? newGuid()).toLowerCase();
  const clientSecret = body.data.clientSecret ?? opaqueToken("Emu8Q~", 24);
  ctx.state.apps.set(clientId, {
    clientId,
    clientSecret,
    displayName: body.data.displayName,
    redirectUris: body.data.redirectUris ?? [],
    delegatedPermissions: body.data.delegatedPermissions ?? ["User.Read", "offline_access", "openid", "profile"],
    applicationPermissions: body.data.applicationPermissions ?? [],
  });
  return json(201, { clientId, clientSecret });
}

function consentForTenant(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = parse(TenantConsent, req);
  if (!body.ok) return body.response;
  const tenantId = req.params.tenantId ?? "";
  const app = findApp(ctx.state, body.data.clientId ?? [...ctx.state.apps.keys()][0]);
  if (!ctx.state.tenants.has(tenantId) || !app) return json(404, { error: "not_found" });
  grantTenantConsent(ctx.state, tenantId, app, body.data.scopes ?? app.delegatedPermissions);
  return json(200, { ok: true });
}

function advanceClock(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = parse(AdvanceClock, req);
  if (!body.ok) return body.response;
  ctx.state.clockOffsetMs += body.data.advanceSeconds * 1000;
  return json(200, { now: new Date(ctx.now()).toISOString() });
}

function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

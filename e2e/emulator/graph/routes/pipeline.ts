/**
 * The one request pipeline every Graph route goes through: bearer token (401
 * InvalidAuthenticationToken, §6) -> mailbox (`me` or `users/{id|upn}`) and calendar -> permissions
 * -> Prefer -> handler -> Graph-shaped response (request-id / client-request-id, Preference-Applied,
 * OData content type; thrown GraphErrors become the §6 envelope). The route's `around` holds the
 * per app+mailbox throttle slot (§8) for the whole request, injected latency included.
 */
import { randomUUID } from "node:crypto";
import { headerValue } from "../../core/http";
import type { Around, EmulatorContext, EmulatorRequest, EmulatorResponse, Route } from "../../core/types";
import { graphUnauthorized, verifyAccessToken, type VerifiedAccessToken } from "../../identity/verify-access-token";
import { itemNotFound, toErrorResponse } from "../errors";
import { idOutFor, type IdOut } from "../id-forms";
import type { Mailbox } from "../mailbox";
import { parsePrefer, type Preferences } from "../prefer";
import { throttleKey } from "../throttle";
import { checkAccess, resolveMailbox, type Access } from "./access";
import type { GraphRuntime } from "./runtime";

export type GraphCall = {
  req: EmulatorRequest;
  rt: GraphRuntime;
  token: VerifiedAccessToken;
  prefs: Preferences;
  now: number;
  /** "https://host:port/v1.0", for @odata.context. */
  versionRoot: string;
  /** The absolute https URL of this request as sent (for nextLinks). */
  requestUrl: string;
};
export type MailboxCall = GraphCall & {
  mb: Mailbox;
  calendarId: string | undefined;
  /** Ids in this response: immutable under Prefer: IdType="ImmutableId", else the default form (id-forms.ts). */
  idOut: IdOut;
};
export type GraphResult = { status: number; body?: unknown; headers?: Record<string, string> };

const ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export function clientRequestIdOf(req: EmulatorRequest): string {
  return headerValue(req.headers["client-request-id"]) ?? randomUUID();
}

/** Graph's envelope for any thrown value (GraphError or a bug -> 500 generalException). */
export function errorResponse(req: EmulatorRequest, now: number, err: unknown): EmulatorResponse {
  const r = toErrorResponse(err, {
    now: new Date(now),
    requestId: req.requestId,
    clientRequestId: clientRequestIdOf(req),
  });
  return { status: r.status, headers: r.headers, body: JSON.stringify(r.body) };
}

function render(req: EmulatorRequest, prefs: Preferences, result: GraphResult): EmulatorResponse {
  const headers: Record<string, string> = {
    "request-id": req.requestId,
    "client-request-id": clientRequestIdOf(req),
    "cache-control": "no-cache",
    ...(prefs.applied.length > 0 ? { "preference-applied": prefs.applied.join(", ") } : {}),
    ...result.headers,
  };
  if (result.body === undefined) return { status: result.status, headers, body: "" };
  return {
    status: result.status,
    headers: { "content-type": ODATA_JSON, "odata-version": "4.0", ...headers },
    body: JSON.stringify(result.body),
  };
}

/** `/v1.0/me/...` addresses the caller; `/v1.0/users/{id}/...` names a mailbox. */
const userSegmentOf = (req: EmulatorRequest) => (/^\/v1\.0\/me(\/|$)/i.test(req.path) ? undefined : req.params.userId);

/** A Graph route that needs only a valid token (subscriptions, $batch). */
export function graphRoute(
  method: string,
  pattern: string,
  rt: GraphRuntime,
  handler: (call: GraphCall) => GraphResult | Promise<GraphResult>,
): Route {
  return {
    method,
    pattern,
    handler: async (req: EmulatorRequest, ctx: EmulatorContext) => {
      const now = ctx.now();
      const token = verifyAccessToken(ctx, headerValue(req.headers.authorization));
      if (!token.ok) return graphUnauthorized(req, token);
      try {
        const prefs = parsePrefer(req.headers.prefer);
        const versionRoot = `${req.origin.https}/v1.0`;
        return render(
          req,
          prefs,
          await handler({ req, rt, token, prefs, now, versionRoot, requestUrl: `${req.origin.https}${req.url}` }),
        );
      } catch (err) {
        return errorResponse(req, now, err);
      }
    },
  };
}

/** Routes on a mailbox (and optional calendar): one Route per pattern, all throttled per app+mailbox. */
export function mailboxRoutes(
  method: string,
  patterns: readonly string[],
  access: Access,
  rt: GraphRuntime,
  handler: (call: MailboxCall) => GraphResult | Promise<GraphResult>,
): Route[] {
  const inner = async (call: GraphCall): Promise<GraphResult> => {
    const mb = resolveMailbox(rt, call.token, userSegmentOf(call.req), access);
    checkAccess(call.token, mb, access);
    return handler({
      ...call,
      mb,
      calendarId: calendarIdOf(call.req, mb),
      idOut: idOutFor(mb, call.prefs.immutableId),
    });
  };
  return patterns.map((pattern) => ({ ...graphRoute(method, pattern, rt, inner), around: throttled(rt, access) }));
}

/** `/calendar/...` = default calendar, `/calendars/{id}/...` must exist (404 otherwise), else the whole mailbox. */
function calendarIdOf(req: EmulatorRequest, mb: Mailbox): string | undefined {
  const id = req.params.calendarId;
  if (id !== undefined) {
    if (!mb.calendars.has(id)) throw itemNotFound();
    return id;
  }
  return /\/calendar(\/|$)/i.test(req.path) ? mb.defaultCalendarId : undefined;
}

/** §8: at most N in flight per (app, mailbox); a rejected request never reaches faults or handler. */
function throttled(rt: GraphRuntime, access: Access): Around {
  return async (req, ctx, next) => {
    const token = verifyAccessToken(ctx, headerValue(req.headers.authorization));
    if (!token.ok) return next();
    let mb: Mailbox;
    try {
      mb = resolveMailbox(rt, token, userSegmentOf(req), access);
    } catch {
      return next(); // the handler reports the resolution error
    }
    const decision = rt.throttle.acquire(throttleKey(token.clientId, mb.owner.id), ctx.now());
    // The profile's service time: a request (even a refused one) takes a moment, holding its slot meanwhile.
    const [min, max] = rt.settings.serviceTimeMs;
    const serviceMs = max > 0 ? rt.rng.get("service-time").int(min, max) : 0;
    if (serviceMs > 0) await new Promise((resolve) => setTimeout(resolve, serviceMs));
    if (!decision.allowed) return errorResponse(req, ctx.now(), decision.error);
    try {
      return await next();
    } finally {
      decision.release();
    }
  };
}

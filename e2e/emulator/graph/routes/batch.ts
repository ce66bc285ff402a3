/**
 * POST /v1.0/$batch (issue item 5; graph-behaviour.md §7). The pure module validates the payload
 * (≤ 20, unique ids, dependsOn, Content-Type with a body -> else 400 for the whole batch) and orders
 * execution (424 for dependents of a failure, ≤ 4 in flight as Outlook runs them). Each sub-request
 * is routed exactly like a top-level request — same token, fault injection, throttle slot, request
 * log (marked with an `x-emulator-batch-request-id` header) — so a throttled sub-request comes back
 * as its own 429 with its own Retry-After while its siblings succeed.
 */
import { randomUUID } from "node:crypto";
import { routeRequest } from "../../core/dispatch";
import { arrival, recordRequest } from "../../core/request-log";
import type { Router } from "../../core/router";
import type { EmulatorRequest, EmulatorResponse, Route } from "../../core/types";
import { identifyUser } from "../../identity";
import { executeBatch, parseBatch, type BatchSubRequest } from "../batch";
import { GraphError } from "../errors";
import { errorResponse, graphRoute, type GraphCall } from "./pipeline";
import type { GraphRuntime } from "./runtime";

export function batchRoutes(rt: GraphRuntime, graphRouter: Router): Route[] {
  return [
    graphRoute("POST", "/v1.0/$batch", rt, async (call) => {
      const requests = parseBatch(call.req.json);
      const result = await executeBatch(requests, (sub) => runSubRequest(call, sub, graphRouter), {
        concurrency: rt.settings.batchParallelism,
      });
      return { status: 200, body: result };
    }),
  ];
}

/**
 * Sub-request URLs are relative to the version root (§7). One that repeats the version ("/v1.0/me",
 * what Graph SDK 3.0.7's BatchRequestContent sends for "https://host/v1.0/me") names the segment
 * "v1.0" under /v1.0, which OData answers with 400 "Resource not found for the segment" [UNV per
 * msgraph-sdk-javascript#1451]: build batch Requests as `${MS_GRAPH_URL}/me/...` with SDK 3.0.7.
 */
const VERSIONED = /^\/(v1\.0|beta)(\/|$|\?)/i;

async function runSubRequest(call: GraphCall, sub: BatchSubRequest, router: Router) {
  const outer = call.req;
  const versioned = VERSIONED.exec(sub.url);
  if (versioned) {
    const res = errorResponse(
      outer,
      call.now,
      new GraphError(400, "BadRequest", `Resource not found for the segment '${versioned[1] ?? ""}'.`),
    );
    return { status: res.status, headers: flatHeaders(res), body: parseBody(res.body) };
  }
  const target = new URL(sub.url, "https://batch.invalid");
  const headers = immutableIdPolicy(
    Object.fromEntries(Object.entries(sub.headers).map(([k, v]) => [k.toLowerCase(), v])),
    outer.headers.prefer,
    call.rt.settings.batchImmutableIds,
  );
  const bodyText = sub.body === undefined ? "" : typeof sub.body === "string" ? sub.body : JSON.stringify(sub.body);
  const req: EmulatorRequest = {
    raw: outer.raw,
    method: sub.method,
    path: `/v1.0${decodeURIComponent(target.pathname)}`,
    url: `/v1.0${sub.url}`,
    query: target.searchParams,
    headers: {
      ...headers,
      ...(outer.headers.authorization ? { authorization: outer.headers.authorization } : {}),
      "x-emulator-batch-request-id": outer.requestId,
    },
    bodyText,
    form: new URLSearchParams(),
    json: typeof sub.body === "string" ? safeJson(sub.body) : sub.body,
    params: {},
    secure: true,
    origin: outer.origin,
    requestId: randomUUID(),
  };
  const startedAt = arrival();
  const response = await routeRequest(req, call.rt.ctx, router, identifyUser);
  recordRequest(
    call.rt.ctx.state,
    req,
    response.status,
    startedAt,
    call.rt.ctx.config.logResponseBodies ? response.body : undefined,
  );
  return {
    status: response.status,
    headers: flatHeaders(response),
    ...(response.body ? { body: parseBody(response.body) } : {}),
  };
}

const ID_TYPE = /IdType\s*=\s*"?ImmutableId"?/i;

/**
 * Which `Prefer: IdType="ImmutableId"` a sub-request honours (realism `batchImmutableIds`, issue 20
 * item 5, undocumented): its own (`subRequest`), only the `$batch` request's (`outer`), or none.
 */
function immutableIdPolicy(
  headers: Record<string, string>,
  outerPrefer: string | string[] | undefined,
  policy: "subRequest" | "outer" | "ignored",
): Record<string, string> {
  if (policy === "subRequest") return headers;
  const kept = (headers.prefer ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p && !ID_TYPE.test(p));
  const outerAsks = [outerPrefer ?? []].flat().some((p) => ID_TYPE.test(p));
  if (policy === "outer" && outerAsks) kept.push('IdType="ImmutableId"');
  const { prefer: _dropped, ...rest } = headers;
  return kept.length ? { ...rest, prefer: kept.join(", ") } : rest;
}

/**
 * Sub-response headers in Graph's casing ("Content-Type", "Retry-After"): the SDK's
 * BatchResponseContent looks up `headers["Content-Type"]` case-sensitively to decide the body is JSON.
 */
const CANONICAL: Record<string, string> = {
  "content-type": "Content-Type",
  "cache-control": "Cache-Control",
  "odata-version": "OData-Version",
  "retry-after": "Retry-After",
  "preference-applied": "Preference-Applied",
  location: "Location",
  etag: "ETag",
};

function flatHeaders(res: EmulatorResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers))
    out[CANONICAL[k.toLowerCase()] ?? k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function parseBody(text: string): unknown {
  return safeJson(text) ?? text;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * One request pipeline for every route: parse -> identify the acting user -> fault injection ->
 * route -> request log. Control routes (/_emulator/*) skip the log and faults so tests can inspect
 * and configure the emulator without disturbing what they measure.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { faultResponse, takeFault } from "./faults";
import { graphError, json } from "./http";
import { arrival, recordRequest } from "./request-log";
import type { Router } from "./router";
import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from "./types";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export type DispatcherDeps = {
  ctx: EmulatorContext;
  router: Router;
  /** Best-effort "which user is this request for" (bearer token, code, refresh token...). */
  identifyUser: (req: EmulatorRequest, ctx: EmulatorContext) => string | undefined;
  /** Used when a request has no Host header. */
  fallbackHost: () => string;
};

export function createDispatcher(deps: DispatcherDeps) {
  return async (raw: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedAt = arrival();
    let req: EmulatorRequest | undefined;
    let response: EmulatorResponse;
    try {
      req = await parseRequest(raw, deps.fallbackHost());
      response = await handle(req, deps);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      response = req ? graphError(req, 500, "generalException", message) : json(400, { error: "bad_request", message });
    }
    if (req && !req.path.startsWith("/_emulator"))
      recordRequest(
        deps.ctx.state,
        req,
        response.status,
        startedAt,
        deps.ctx.config.logResponseBodies ? response.body : undefined,
      );
    res.writeHead(response.status, response.headers);
    res.end(response.body);
  };
}

async function handle(req: EmulatorRequest, deps: DispatcherDeps): Promise<EmulatorResponse> {
  return routeRequest(req, deps.ctx, deps.router, deps.identifyUser);
}

/**
 * Identify -> (route's `around`) -> fault injection -> handler. Exported so Graph's $batch can run
 * each sub-request exactly like a top-level request (faults and throttling per sub-request, §7).
 */
export async function routeRequest(
  req: EmulatorRequest,
  ctx: EmulatorContext,
  router: Router,
  identifyUser: DispatcherDeps["identifyUser"],
): Promise<EmulatorResponse> {
  const match = router.match(req.method, req.path);
  const control = req.path.startsWith("/_emulator");
  if (!control) req.userId = identifyUser(req, ctx);
  if (match) req.params = match.params;
  const run = async (): Promise<EmulatorResponse> => {
    if (!control) {
      const fault = takeFault(ctx.state, req);
      if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault && fault.status >= 400) return faultResponse(req, fault, ctx.now());
    }
    if (!match)
      return graphError(req, 404, "NotFound", `No route for ${req.method} ${req.path} in the Microsoft 365 emulator.`);
    return match.handler(req, ctx);
  };
  return match?.around ? match.around(req, ctx, run) : run();
}

async function parseRequest(raw: IncomingMessage, fallbackHost: string): Promise<EmulatorRequest> {
  const bodyText = await readBody(raw);
  const url = new URL(raw.url ?? "/", "http://emulator.invalid");
  const contentType = String(raw.headers["content-type"] ?? "").toLowerCase();
  const host = raw.headers.host ?? fallbackHost;
  return {
    raw,
    method: (raw.method ?? "GET").toUpperCase(),
    path: decodeURIComponent(url.pathname),
    url: raw.url ?? "/",
    query: url.searchParams,
    headers: raw.headers,
    bodyText,
    form: contentType.includes("application/x-www-form-urlencoded")
      ? new URLSearchParams(bodyText)
      : new URLSearchParams(),
    json: contentType.includes("json") && bodyText ? safeJson(bodyText) : undefined,
    params: {},
    secure: "encrypted" in raw.socket && raw.socket.encrypted === true,
    origin: { https: `https://${host}`, http: `http://${host}` },
    requestId: randomUUID(),
  };
}

function readBody(raw: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    raw.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error("request body too large"));
      else chunks.push(chunk);
    });
    raw.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    raw.on("error", reject);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

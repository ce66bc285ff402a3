/**
 * The request log behind GET /_emulator/requests: every non-control request with its status, so
 * tests can assert what the product actually sent. Secrets are redacted: the Authorization header
 * (scheme kept) and client_secret in form bodies.
 */
import { performance } from "node:perf_hooks";
import type { EmulatorState, RequestLogEntry } from "../state";
import type { EmulatorRequest } from "./types";

const MAX_ENTRIES = 5000;
const MAX_BODY_CHARS = 64_000;

/** Epoch milliseconds with sub-millisecond precision (the process's monotonic clock from its start). */
export const preciseNow = () => performance.timeOrigin + performance.now();

/** When a request arrived: `Date.now()` (the log's `time`) and `preciseNow()`. */
export const arrival = () => ({ at: Date.now(), precise: preciseNow() });

/** `responseBody` is given only when the emulator logs response bodies (config `logResponseBodies`). */
export function recordRequest(
  state: EmulatorState,
  req: EmulatorRequest,
  status: number,
  arrived: { at: number; precise: number },
  responseBody?: string,
): void {
  const startedAt = arrived.at;
  const entry: RequestLogEntry = {
    id: req.requestId,
    time: new Date(startedAt).toISOString(),
    method: req.method,
    path: req.path,
    query: Object.fromEntries(req.query),
    headers: redactHeaders(req.headers),
    body: loggedBody(req),
    status,
    ...(req.userId ? { userId: req.userId } : {}),
    durationMs: Date.now() - startedAt,
    startedAtMs: arrived.precise,
    finishedAtMs: preciseNow(),
    ...(responseBody !== undefined ? { responseBody: loggedResponseBody(responseBody) } : {}),
  };
  state.requestLog.push(entry);
  if (state.requestLog.length > MAX_ENTRIES) state.requestLog.splice(0, state.requestLog.length - MAX_ENTRIES);
}

export type RequestLogFilter = { userId?: string; path?: string; method?: string };

/** `path` is a case-insensitive substring of the request path; `userId` an exact user (oid). */
export function filterRequestLog(entries: readonly RequestLogEntry[], filter: RequestLogFilter): RequestLogEntry[] {
  const path = filter.path?.toLowerCase();
  return entries.filter(
    (entry) =>
      (!filter.userId || entry.userId === filter.userId) &&
      (!path || entry.path.toLowerCase().includes(path)) &&
      (!filter.method || entry.method === filter.method.toUpperCase()),
  );
}

function redactHeaders(headers: EmulatorRequest["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    out[name] = name === "authorization" ? `${text.split(" ")[0] ?? ""} [redacted]` : text;
  }
  return out;
}

function loggedBody(req: EmulatorRequest): unknown {
  if (!req.bodyText) return null;
  if (req.json !== undefined) return req.json;
  if ([...req.form.keys()].length > 0) {
    const form = Object.fromEntries(req.form);
    if ("client_secret" in form) form.client_secret = "[redacted]";
    return form;
  }
  return req.bodyText.length > MAX_BODY_CHARS ? `${req.bodyText.slice(0, MAX_BODY_CHARS)}…` : req.bodyText;
}

/** Whole (never cut: a privacy check must see every byte), parsed when JSON. */
function loggedResponseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

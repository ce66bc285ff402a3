/**
 * Fault injection, applied by the dispatcher to every non-control request before routing: the next
 * `count` matching requests are delayed (`latencyMs`) and/or fail with `status`. The token endpoint
 * fails with its OAuth error body, everything else with Graph's error envelope (reference §6), and
 * `retryAfterSeconds` becomes a Retry-After header (reference §8). Matching: method (exact),
 * userId (the request's identified user), pathPattern — "/regex/" or a case-insensitive substring
 * where "*" matches anything ("/oauth2/v2.0/token", "/v1.0/me/calendarView*").
 */
import { newGuid } from "./ids";
import { graphError } from "./http";
import type { EmulatorRequest, EmulatorResponse } from "./types";
import type { EmulatorState, Fault } from "../state";
import { aadsts, tokenError } from "../identity/oauth-errors";

export type FaultInput = Omit<Fault, "id" | "remaining" | "status"> & { status?: number; count?: number };

export function addFault(state: EmulatorState, input: FaultInput): Fault {
  const fault: Fault = {
    id: newGuid(),
    status: input.status ?? 200,
    remaining: input.count ?? 1,
    ...(input.method ? { method: input.method.toUpperCase() } : {}),
    ...(input.pathPattern ? { pathPattern: input.pathPattern } : {}),
    ...(input.userId ? { userId: input.userId } : {}),
    ...(input.retryAfterSeconds !== undefined ? { retryAfterSeconds: input.retryAfterSeconds } : {}),
    ...(input.latencyMs !== undefined ? { latencyMs: input.latencyMs } : {}),
    ...(input.errorCode ? { errorCode: input.errorCode } : {}),
    ...(input.message ? { message: input.message } : {}),
  };
  state.faults.push(fault);
  return fault;
}

/** The first matching fault with uses left; consumes one use. */
export function takeFault(state: EmulatorState, req: EmulatorRequest): Fault | undefined {
  const fault = state.faults.find(
    (f) =>
      f.remaining > 0 &&
      (!f.method || f.method === req.method) &&
      (!f.userId || f.userId === req.userId) &&
      (!f.pathPattern || pathMatches(f.pathPattern, req.path)),
  );
  if (!fault) return undefined;
  fault.remaining -= 1;
  if (fault.remaining <= 0) state.faults = state.faults.filter((f) => f !== fault);
  return fault;
}

export function pathMatches(pattern: string, path: string): boolean {
  if (pattern.length > 2 && pattern.startsWith("/") && pattern.endsWith("/"))
    return new RegExp(pattern.slice(1, -1), "i").test(path);
  const glob = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(glob, "i").test(path);
}

export function isTokenEndpoint(path: string): boolean {
  return /\/oauth2\/v2\.0\/token$/i.test(path);
}

const GRAPH_CODES: Record<number, [string, string]> = {
  400: ["invalidRequest", "Invalid request."],
  401: ["InvalidAuthenticationToken", "Access token validation failure."],
  403: ["ErrorAccessDenied", "Access is denied. Check credentials and try again."],
  404: ["ErrorItemNotFound", "The specified object was not found in the store."],
  409: [
    "ErrorIrresolvableConflict",
    "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.",
  ],
  429: ["ApplicationThrottled", "Application is over its MailboxConcurrency limit."],
  500: ["generalException", "An internal server error occurred."],
  503: ["serviceNotAvailable", "The service is temporarily unavailable. Please retry later."],
  504: ["UnknownError", "The operation timed out."],
};

/** Graph puts Retry-After on every 429 and 503 (reference §8); 1 s as observed on Outlook 429s (OBS). */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

export function faultResponse(req: EmulatorRequest, fault: Fault, now: number): EmulatorResponse {
  const token = isTokenEndpoint(req.path);
  const retryAfter =
    fault.retryAfterSeconds ??
    (!token && (fault.status === 429 || fault.status === 503) ? DEFAULT_RETRY_AFTER_SECONDS : undefined);
  const headers: Record<string, string> = retryAfter !== undefined ? { "retry-after": String(retryAfter) } : {};
  if (token) return tokenError(req, aadsts.injected(fault.status), now, headers);
  const [code, message] = GRAPH_CODES[fault.status] ?? ["UnknownError", `Injected fault with status ${fault.status}.`];
  return graphError(req, fault.status, fault.errorCode ?? code, fault.message ?? message, headers);
}

import { GraphError } from "@microsoft/microsoft-graph-client";
import { AccessRevokedError, MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";
import { classifyGrantFailure, type GrantFailure, type RefusedGrantVerdict } from "@/lib/sync/refused-grant";
import { parseRetryAfterMs } from "./retry-after";

/**
 * The facts of a failed MSAL token request, for the one rule that says what it means for the connection
 * (lib/sync/refused-grant.ts): the OAuth `error` (MSAL's `errorCode`; its own code such as `no_tokens_found`
 * when it asked nothing), `suberror`, the AADSTS number (`errorNo`, from `error_codes[0]`) and the status.
 * Anything that is not an MSAL error (a network failure, a bug) has no facts, which the rule reads as transient.
 */
export function grantFailureOf(error: unknown): GrantFailure {
  const e = (error ?? {}) as { errorCode?: unknown; subError?: unknown; errorNo?: unknown; status?: unknown };
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
  const aadsts = Number(e.errorNo);
  return {
    error: text(e.errorCode),
    suberror: text(e.subError),
    aadsts: e.errorNo !== undefined && e.errorNo !== null && Number.isInteger(aadsts) ? aadsts : null,
    status: typeof e.status === "number" ? e.status : null,
  };
}

/**
 * The typed error a verdict names: AccessRevokedError (the instructor removed the app), ReconnectRequiredError
 * (they must sign in again), MicrosoftUnavailableError (try again later). `refusedGrantVerdictOf` reads it back.
 */
export function errorForGrantFailure(failure: GrantFailure, message: string): Error {
  switch (classifyGrantFailure(failure)) {
    case "revoked_by_instructor":
      return new AccessRevokedError(message);
    case "reconnect_needed":
      return new ReconnectRequiredError(message);
    case "transient":
      return new MicrosoftUnavailableError(message);
  }
}

/**
 * What a caught error says about the connection's grant, for the refused-grant service: the verdict its class
 * stands for (Graph's 401/403 after a fresh token is a ReconnectRequiredError too); anything else is transient.
 */
export function refusedGrantVerdictOf(error: unknown): RefusedGrantVerdict {
  if (error instanceof AccessRevokedError) return "revoked_by_instructor";
  if (error instanceof ReconnectRequiredError) return "reconnect_needed";
  return "transient";
}

export function describeMsalError(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { errorCode?: string; errorMessage?: string; message?: string };
    // AADSTS text says what Microsoft refused without carrying any token.
    const text = (e.errorMessage || e.message || "").split("\n")[0]?.slice(0, 300);
    return [e.errorCode, text].filter(Boolean).join(": ");
  }
  return String(error);
}

/**
 * Graph answered with an error status the caller may branch on (404, 410, 412, 400, ...). `code` is
 * Graph's `error.code` (e.g. `ErrorItemNotFound`, `SyncStateNotFound`, `ErrorIrresolvableConflict`).
 */
export class GraphRequestError extends Error {
  override name = "GraphRequestError";
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

/**
 * A delta or skip token Graph no longer honours (§3, §6): 410 (`SyncStateNotFound`, observed), or any
 * 4xx with one of the sync-state codes Graph documents (`syncStateNotFound`, `resyncRequired`, and
 * `syncStateInvalid`; compared case-insensitively, which status carries them is not documented). The
 * round cannot go on; start a new baseline. `restartLink` is Graph's `Location` when it sent one (an
 * initial delta URL for the same window, with an empty `$deltatoken`); without it, start from the window.
 */
export class SyncStateGoneError extends GraphRequestError {
  override name = "SyncStateGoneError";
  constructor(
    code: string | null,
    message: string,
    requestId: string | null,
    readonly restartLink: string | null,
    status = 410,
  ) {
    super(status, code, message, requestId);
  }
}

/** Graph's documented error codes that mean "this sync state is gone: resync" (errors.md, delta-query-overview.md). */
const SYNC_STATE_CODES = new Set(["syncstatenotfound", "resyncrequired", "syncstateinvalid"]);

/** Whether a failed answer says the delta token is gone: 410, or a 4xx with a documented sync-state code. */
export const isSyncStateFailure = (status: number, code: string | null): boolean =>
  status === 410 || (status >= 400 && status < 500 && SYNC_STATE_CODES.has((code ?? "").toLowerCase()));

/**
 * Graph throttled the mailbox (429) and the request was not retried (POST), or retrying would
 * exceed the client's budget. The job layer retries the whole step after `retryAfterMs`, which is
 * Graph's `Retry-After` or, when Graph sent none, DEFAULT_THROTTLE_RETRY_MS.
 */
export class GraphThrottledError extends MicrosoftUnavailableError {
  override name = "GraphThrottledError";
  declare readonly retryAfterMs: number;
  constructor(
    message: string,
    retryAfterMs: number,
    readonly requestId: string | null = null,
  ) {
    super(message, retryAfterMs);
  }
}

/**
 * Graph is unavailable (503/504, or the network failed). `retryAfterMs` is Graph's `Retry-After`
 * when it sent one; otherwise undefined and the job layer's own backoff applies.
 */
export class GraphUnavailableError extends MicrosoftUnavailableError {
  override name = "GraphUnavailableError";
  constructor(
    message: string,
    retryAfterMs?: number,
    readonly requestId: string | null = null,
  ) {
    super(message, retryAfterMs);
  }
}

export const DEFAULT_THROTTLE_RETRY_MS = 5_000;

/** Statuses worth waiting for: throttling and transient outages (reference §8). */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

/** 404: the item (or mailbox) is gone; for a delete, the goal is already reached. */
export const isGraphNotFound = (error: unknown): error is GraphRequestError =>
  error instanceof GraphRequestError && error.status === 404;

/** 410 or a documented sync-state code: the delta or skip token expired; start a full resync (from `restartLink` when Graph sent one). */
export const isSyncStateGone = (error: unknown): error is SyncStateGoneError => error instanceof SyncStateGoneError;

/** 412: the event changed since the `If-Match` etag was read; re-read before deciding. */
export const isPreconditionFailed = (error: unknown): error is GraphRequestError =>
  error instanceof GraphRequestError && error.status === 412;

/** 400: Graph refused the request as invalid (its message says why, e.g. a subscription expiry too far ahead). */
export const isBadRequest = (error: unknown): error is GraphRequestError =>
  error instanceof GraphRequestError && error.status === 400;

export const isGraphThrottled = (error: unknown): error is GraphThrottledError => error instanceof GraphThrottledError;

/** 401 after a fresh token, or 403: the grant no longer covers the calendar; only reconnecting helps. */
export const isGrantRefusedStatus = (status: number): boolean => status === 401 || status === 403;

/** A Graph answer's failure as the caller sees it: the SDK's GraphError, or a `$batch` sub-response. */
export type GraphFailure = {
  status: number;
  code: string | null;
  message: string;
  requestId: string | null;
  retryAfter: string | null;
  location?: string | null;
};

/**
 * The one translation of a failed Graph answer into the product's errors: 429 → GraphThrottledError,
 * 503/504 → GraphUnavailableError, 401/403 → ReconnectRequiredError, other statuses →
 * GraphRequestError (see the predicates above), no answer at all → GraphUnavailableError.
 */
export function errorForGraphFailure(failure: GraphFailure, nowMs: number): Error {
  const { status, requestId } = failure;
  const detail = [status > 0 ? status : null, failure.code, failure.message].filter(Boolean).join(" ");
  const retryAfterMs = parseRetryAfterMs(failure.retryAfter, nowMs);
  if (status === 429)
    return new GraphThrottledError(
      `Graph throttled the mailbox: ${detail}`,
      retryAfterMs ?? DEFAULT_THROTTLE_RETRY_MS,
      requestId,
    );
  if (status === 503 || status === 504)
    return new GraphUnavailableError(`Graph is unavailable: ${detail}`, retryAfterMs, requestId);
  if (isGrantRefusedStatus(status))
    return new ReconnectRequiredError(`Microsoft Graph refused the connection's access: ${detail}`);
  if (!(status > 0)) return new GraphUnavailableError(`Graph could not be reached: ${detail}`);
  if (isSyncStateFailure(status, failure.code))
    return new SyncStateGoneError(
      failure.code,
      `Graph answered ${detail}`,
      requestId,
      failure.location ?? null,
      status,
    );
  return new GraphRequestError(status, failure.code, `Graph answered ${detail}`, requestId);
}

/**
 * The SDK's GraphError becomes the typed error; so does fetch's "fetch failed" (no answer: DNS, TLS,
 * connection reset). Anything else (our own typed errors, database errors) passes through.
 */
export function typedGraphError(error: unknown, nowMs: number): unknown {
  if (error instanceof TypeError && error.message === "fetch failed") {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return new GraphUnavailableError(`Graph could not be reached: ${cause?.code ?? cause?.message ?? error.message}`);
  }
  if (!(error instanceof GraphError)) return error;
  return errorForGraphFailure(
    {
      status: error.statusCode,
      code: error.code,
      message: error.message,
      requestId: error.requestId,
      retryAfter: error.headers?.get("retry-after") ?? null,
      location: error.headers?.get("location") ?? null,
    },
    nowMs,
  );
}

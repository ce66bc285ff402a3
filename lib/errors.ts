import type { ZodError } from "zod";
import { transientDbFailure } from "@/db/errors";
import { JobRuntimeStoppedError } from "@/inngest/runtime/errors";

/**
 * Typed domain errors, thrown deep and turned into HTTP statuses or form messages at the edge,
 * here and nowhere else.
 */
export type FieldErrors = Record<string, string[]>;

/**
 * Every error class spells its `name` out as a literal (never `constructor.name` / `new.target.name`):
 * the production build minifies class names, and `name` is stored (`sync_runs.error_class`), compared
 * and logged. `scripts/error-names.test.ts` enforces it.
 */
export class DomainError extends Error {
  override name = "DomainError";
}

export class NotFoundError extends DomainError {
  override name = "NotFoundError";
  constructor(
    readonly entity: string,
    readonly id: string,
    message = `${entity} ${id} was not found`,
  ) {
    super(message);
  }
}

/** The request itself is unreadable (no body, not JSON): nothing to check field by field. */
export class BadRequestError extends DomainError {
  override name = "BadRequestError";
}

/** The input is well-formed JSON but breaks a rule: a field-by-field explanation. */
export class ValidationError extends DomainError {
  override name = "ValidationError";
  constructor(
    readonly fieldErrors: FieldErrors,
    message = "The input is not valid",
  ) {
    super(message);
  }
}

/** The request conflicts with the current state (duplicate email, forbidden lifecycle change). */
export class ConflictError extends DomainError {
  override name = "ConflictError";
  constructor(
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
  }
}

export class UnauthorizedError extends DomainError {
  override name = "UnauthorizedError";
}
export class ForbiddenError extends DomainError {
  override name = "ForbiddenError";
}

export function fieldErrorsFromZod(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * Nothing is wrong with the request, but it cannot be answered now: try again in `retryAfterSeconds`
 * (503 with `Retry-After`, "busy, try again in N s" in a form). The failed statement's transaction was rolled
 * back; a service that commits in several steps reports what it did (see remove-calendars.ts).
 * `asServiceUnavailable` turns the transient failures of the database, the job layer and Microsoft into one.
 */
export class ServiceUnavailableError extends DomainError {
  override name = "ServiceUnavailableError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * `error` as a ServiceUnavailableError when waiting and asking again would help, else undefined: a
 * deadlock or serialization failure (1 s), an overloaded database (5 s), a database or job runtime that is
 * restarting (10 s, e.g. a send during shutdown), Microsoft 429/5xx (its own Retry-After, else 30 s).
 */
export function asServiceUnavailable(error: unknown): ServiceUnavailableError | undefined {
  if (error instanceof ServiceUnavailableError) return error;
  if (error instanceof MicrosoftUnavailableError)
    return new ServiceUnavailableError(
      "Microsoft 365 is not answering right now",
      error.retryAfterMs ? Math.max(1, Math.ceil(error.retryAfterMs / 1000)) : 30,
    );
  if (error instanceof JobRuntimeStoppedError) return new ServiceUnavailableError("The service is restarting", 10);
  switch (transientDbFailure(error)) {
    case "contention":
      return new ServiceUnavailableError("The service was busy with a conflicting change", 1);
    case "overloaded":
      return new ServiceUnavailableError("The service is busy", 5);
    case "unreachable":
      return new ServiceUnavailableError("The service is restarting", 10);
  }
  return undefined;
}

export const isServiceUnavailable = (error: unknown) => asServiceUnavailable(error) !== undefined;

export type ErrorBody = { error: { code: string; message: string; fields?: FieldErrors } };

/**
 * The one mapping from domain errors to HTTP, with the headers the status needs. Anything unknown is a 500
 * and gets logged by the caller.
 */
export function toHttpError(error: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  const unavailable = asServiceUnavailable(error);
  if (unavailable)
    return {
      status: 503,
      body: {
        error: {
          code: "service_unavailable",
          message: `${unavailable.message}; try again in ${unavailable.retryAfterSeconds} s`,
        },
      },
      headers: { "Retry-After": String(unavailable.retryAfterSeconds) },
    };
  if (error instanceof BadRequestError)
    return { status: 400, body: { error: { code: "bad_request", message: error.message } } };
  if (error instanceof ValidationError)
    return {
      status: 422,
      body: { error: { code: "validation_failed", message: error.message, fields: error.fieldErrors } },
    };
  if (error instanceof NotFoundError)
    return { status: 404, body: { error: { code: "not_found", message: error.message } } };
  if (error instanceof ConflictError)
    return { status: 409, body: { error: { code: "conflict", message: error.message, fields: error.fieldErrors } } };
  if (error instanceof UnauthorizedError)
    return { status: 401, body: { error: { code: "unauthorized", message: error.message } } };
  if (error instanceof ForbiddenError)
    return { status: 403, body: { error: { code: "forbidden", message: error.message } } };
  return { status: 500, body: { error: { code: "internal_error", message: "Something went wrong on our side" } } };
}

/** A JSON error response for a route handler, from the mapping above. */
export function errorResponse(error: unknown, init: { headers?: Record<string, string> } = {}): Response {
  const { status, body, headers } = toHttpError(error);
  return Response.json(body, { status, headers: { ...headers, ...init.headers } });
}

/** What a server action returns to its form. */
export type ActionResult =
  | { ok: true; message?: string }
  /** `retryAfterSeconds`: the service was busy (see ServiceUnavailableError); asking again later may succeed. */
  | { ok: false; message: string; fieldErrors: FieldErrors; retryAfterSeconds?: number };
export type ActionFailure = Extract<ActionResult, { ok: false }>;
export const initialActionResult: ActionResult = { ok: true };

/** The one mapping from domain errors to form results; unknown errors are rethrown to the error boundary. */
export function toActionResult(error: unknown): ActionFailure {
  const unavailable = asServiceUnavailable(error);
  if (unavailable) {
    console.warn(`[action] busy, asked to retry in ${unavailable.retryAfterSeconds} s:`, describeError(error));
    return {
      ok: false,
      message: `The system is busy right now. Please try again in ${unavailable.retryAfterSeconds} s.`,
      fieldErrors: {},
      retryAfterSeconds: unavailable.retryAfterSeconds,
    };
  }
  if (error instanceof ValidationError)
    return { ok: false, message: "Please correct the highlighted fields.", fieldErrors: error.fieldErrors };
  if (error instanceof ConflictError || error instanceof NotFoundError || error instanceof ForbiddenError)
    return { ok: false, message: error.message, fieldErrors: error instanceof ConflictError ? error.fieldErrors : {} };
  throw error;
}

/** One line for a failure shown outside a form (a toolbar notice): the field messages, else the message. */
export function actionFailureText(failure: ActionFailure): string {
  return Object.values(failure.fieldErrors).flat().join(" ") || failure.message;
}

/** Microsoft refused the stored grant (revoked, expired, consent withdrawn): only the instructor can fix it. */
export class ReconnectRequiredError extends DomainError {
  override name = "ReconnectRequiredError";
}

/**
 * Microsoft refused the grant because the app's consent is gone (AADSTS65001 / `consent_required`): the
 * instructor removed the app from their Microsoft account. Removal treats it as their disconnection.
 */
export class AccessRevokedError extends ReconnectRequiredError {
  override name = "AccessRevokedError";
}

/** Microsoft could not be reached or answered 429/5xx: try again later; nothing is wrong with the connection. */
export class MicrosoftUnavailableError extends DomainError {
  override name = "MicrosoftUnavailableError";
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** One line for the log: a driver error's text is on its cause (drizzle's "Failed query" wraps it). */
/**
 * What a log may say about an unexpected failure (a 500): the error's name, its message's first line (a failed
 * query's SQL, never its parameters, which drizzle puts on the next line) and the stack frames; of a cause only
 * its name and SQLSTATE code, since a database message may quote the value that broke it.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 8);
  const cause = error.cause as { name?: unknown; code?: unknown } | undefined;
  const causeText =
    cause && typeof cause === "object"
      ? ` (cause: ${String(cause.name ?? "Error")}${typeof cause.code === "string" ? ` ${cause.code}` : ""})`
      : "";
  return [`${error.name}: ${error.message.split("\n")[0]!.slice(0, 500)}${causeText}`, ...frames].join("\n");
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.name}: ${error.cause.message})` : "";
  return `${error.name}: ${error.message.split("\n")[0]}${cause}`;
}

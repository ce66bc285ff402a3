/**
 * Graph's error model (graph-behaviour.md §6, observed bodies §4.4). Typed errors are thrown deep
 * in the pure modules and turned into `{ status, headers, body }` once, at the HTTP edge, with
 * `toErrorResponse`. Codes and messages are the observed/real ones where the reference has them;
 * where it does not, the choice is marked [UNV] here and in README.md.
 */

export type GraphErrorBody = {
  error: {
    code: string;
    message: string;
    innerError: { date: string; "request-id": string; "client-request-id": string; [k: string]: string };
  };
};

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Record<string, string> = {},
    /** Extra innerError fields some observed bodies carry (the 429 TooManyRequests sample, §4.4). */
    readonly inner: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GraphError";
  }
}

/** 400 — missing calendarView/delta window, bad parameter values (§2, OBS docs#57). */
export const invalidParameter = (message: string) => new GraphError(400, "ErrorInvalidParameter", message);

export const missingTimeWindow = () =>
  invalidParameter(
    "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
  );

/** 404 — unknown / deleted event id (§4.3, OBS). */
export const itemNotFound = () =>
  new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");

/** 400 — an id that cannot be decoded (§4.4 "ErrorInvalidIdMalformed (bad id)" OBS; text [UNV], as commonly reported). */
export const invalidIdMalformed = () => new GraphError(400, "ErrorInvalidIdMalformed", "Id is malformed.");

/** 412 — stale If-Match change key (§4.2, OBS analogdotnow/Analog#475). */
export const irresolvableConflict = () =>
  new GraphError(
    412,
    "ErrorIrresolvableConflict",
    "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.",
  );

/** 400 — e.g. isAllDay not midnight-to-midnight (§1, OBS docs#7919). `detail` is emulator-only help. */
export const propertyValidationFailure = (detail?: string) =>
  new GraphError(
    400,
    "ErrorPropertyValidationFailure",
    detail ? `At least one property failed validation. ${detail}` : "At least one property failed validation.",
  );

/** 400 — malformed OData ($filter/$orderby/$select...). Code `BadRequest` per §4.4 "BadRequest (bad OData)". */
export const badODataRequest = (message: string) => new GraphError(400, "BadRequest", message);

/** 400 — malformed request body (invalid JSON shape, unknown enum). [UNV exact code] */
export const invalidRequest = (message: string) => new GraphError(400, "ErrorInvalidRequest", message);

/** 400 — unknown time zone name in start/end. [UNV: message text as commonly reported] */
export const timeZoneNotSupported = (zone: string) =>
  new GraphError(
    400,
    "TimeZoneNotSupportedException",
    `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${zone}'.`,
  );

/** 410 — delta token evicted (§3, OBS docs#2350). */
export const syncStateNotFound = (generation: number, highest: number) =>
  new GraphError(
    410,
    "SyncStateNotFound",
    `The sync state generation is not found; generation=${generation};[highest=${highest}]`,
  );

/** 429 — per app+mailbox concurrency (§8, OBS calcom/cal.diy#343). */
export const applicationThrottled = (retryAfterSeconds: number) =>
  new GraphError(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", {
    "Retry-After": String(retryAfterSeconds),
  });

/** 429 — per app+mailbox request rate (§4.4 second 429 sample). */
export const tooManyRequests = (retryAfterSeconds: number) =>
  new GraphError(
    429,
    "TooManyRequests",
    "Please retry again later.",
    { "Retry-After": String(retryAfterSeconds) },
    {
      code: "429",
      message: "Please retry after",
      status: "429",
    },
  );

/** 401 — missing/invalid/expired bearer token (§6, [UNV exact text]). */
export const invalidAuthenticationToken = (message = "Access token is empty.") =>
  new GraphError(401, "InvalidAuthenticationToken", message);

/** 424 — $batch dependency failed (§7). [UNV code/message] */
export const failedDependency = () =>
  new GraphError(424, "FailedDependency", "The request could not be completed because a dependency failed.");

export type ErrorResponse = { status: number; headers: Record<string, string>; body: GraphErrorBody };

/**
 * The one place a thrown value becomes Graph's envelope. Unknown exceptions become 500
 * `generalException` so an emulator bug is visible as a server error, not a fake 4xx.
 */
export function toErrorResponse(
  err: unknown,
  ctx: { now: Date; requestId: string; clientRequestId?: string },
): ErrorResponse {
  const ge =
    err instanceof GraphError
      ? err
      : new GraphError(500, "generalException", err instanceof Error ? err.message : "Internal error");
  // Graph's innerError.date has no fractional seconds and no offset (OBS §4.4).
  const date = ctx.now.toISOString().slice(0, 19);
  const clientRequestId = ctx.clientRequestId ?? ctx.requestId;
  return {
    status: ge.status,
    headers: {
      ...ge.headers,
      "request-id": ctx.requestId,
      "client-request-id": clientRequestId,
      "Content-Type": "application/json",
    },
    body: {
      error: {
        code: ge.code,
        message: ge.message,
        innerError: { ...ge.inner, date, "request-id": ctx.requestId, "client-request-id": clientRequestId },
      },
    },
  };
}

import { ClientAuthError, InteractionRequiredAuthError, ServerError } from "@azure/msal-node";
import { describe, expect, it } from "vitest";
import { AccessRevokedError, MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";
import {
  DEFAULT_THROTTLE_RETRY_MS,
  errorForGrantFailure,
  grantFailureOf,
  refusedGrantVerdictOf,
  GraphRequestError,
  GraphThrottledError,
  GraphUnavailableError,
  errorForGraphFailure,
  isGraphNotFound,
  isPreconditionFailed,
  isSyncStateGone,
  typedGraphError,
} from "./errors";

const now = Date.parse("2026-10-25T00:30:00Z");
const failure = (status: number, retryAfter: string | null = null, code: string | null = "Code") => ({
  status,
  code,
  message: "text",
  requestId: "req-1",
  retryAfter,
});

describe("errorForGraphFailure", () => {
  it("turns 429 into GraphThrottledError with Retry-After (seconds or date), or the default", () => {
    const seconds = errorForGraphFailure(failure(429, "3"), now);
    expect(seconds).toBeInstanceOf(GraphThrottledError);
    expect(seconds).toBeInstanceOf(MicrosoftUnavailableError); // existing "temporary, keep the status" handling applies
    expect((seconds as GraphThrottledError).retryAfterMs).toBe(3000);
    expect(
      (errorForGraphFailure(failure(429, "Sun, 25 Oct 2026 00:31:00 GMT"), now) as GraphThrottledError).retryAfterMs,
    ).toBe(60_000);
    expect((errorForGraphFailure(failure(429), now) as GraphThrottledError).retryAfterMs).toBe(
      DEFAULT_THROTTLE_RETRY_MS,
    );
  });

  it("turns 503 and 504 into GraphUnavailableError, with retryAfterMs only when Graph sent one", () => {
    expect((errorForGraphFailure(failure(503, "10"), now) as GraphUnavailableError).retryAfterMs).toBe(10_000);
    const bare = errorForGraphFailure(failure(504), now);
    expect(bare).toBeInstanceOf(GraphUnavailableError);
    expect((bare as GraphUnavailableError).retryAfterMs).toBeUndefined();
  });

  it.each([401, 403])("turns %i into ReconnectRequiredError", (status) => {
    expect(errorForGraphFailure(failure(status), now)).toBeInstanceOf(ReconnectRequiredError);
  });

  it("keeps other statuses as GraphRequestError for the predicates", () => {
    const cases = [404, 410, 412, 400].map((status) => errorForGraphFailure(failure(status), now));
    expect(cases.every((e) => e instanceof GraphRequestError)).toBe(true);
    expect(cases.map((e) => [isGraphNotFound(e), isSyncStateGone(e), isPreconditionFailed(e)])).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
      [false, false, false],
    ]);
    expect((cases[0] as GraphRequestError).requestId).toBe("req-1");
  });

  it.each([
    [410, "SyncStateNotFound"],
    [400, "resyncRequired"],
    [400, "syncStateNotFound"],
    [404, "SyncStateInvalid"],
  ])("resyncs on %i %s, every documented sync-state error", (status, code) => {
    const error = errorForGraphFailure({ ...failure(status), code }, now);
    expect(isSyncStateGone(error)).toBe(true);
    expect((error as GraphRequestError).status).toBe(status);
  });

  it("keeps a 400 with another code a plain request error", () => {
    expect(isSyncStateGone(errorForGraphFailure({ ...failure(400), code: "BadRequest" }, now))).toBe(false);
  });

  it("treats a failed fetch as unavailable and passes other errors through", () => {
    expect(typedGraphError(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }), now)).toBeInstanceOf(
      GraphUnavailableError,
    );
    const own = new ReconnectRequiredError("gone");
    expect(typedGraphError(own, now)).toBe(own);
  });
});

describe("MSAL failures through the refused-grant rule", () => {
  // As MSAL builds them from the token endpoint's answer (msal-common ResponseHandler.validateTokenResponse).
  const consentGone = new InteractionRequiredAuthError(
    "invalid_grant",
    "corr",
    "AADSTS65001: The user or administrator has not consented to use the application",
    "consent_required",
    "",
    "",
    "",
    "65001",
  );
  const sessionsRevoked = new ServerError("invalid_grant", "corr", "AADSTS50173: …", undefined, "50173", 400);
  const outage = new ServerError("temporarily_unavailable", "corr", "AADSTS90033: …", undefined, "90033", 503);
  // MSAL's own throttle after a 429/5xx: the cached codes in errorCode, no status.
  const throttled = new ServerError("90033", "corr", "throttled");
  const nothingStored = new ClientAuthError("no_tokens_found", "corr");

  it.each([
    ["consent revoked (AADSTS65001)", consentGone, AccessRevokedError],
    ["sessions revoked (AADSTS50173)", sessionsRevoked, ReconnectRequiredError],
    ["nothing stored to refresh with", nothingStored, ReconnectRequiredError],
    ["a 503 from the token endpoint", outage, MicrosoftUnavailableError],
    ["MSAL's own throttle", throttled, MicrosoftUnavailableError],
    ["a network failure", new TypeError("fetch failed"), MicrosoftUnavailableError],
  ])("%s becomes %O", (_, msal, expected) => {
    const typed = errorForGrantFailure(grantFailureOf(msal), "m");
    expect(typed.constructor).toBe(expected);
  });

  it("reads the facts, never the description", () => {
    expect(grantFailureOf(consentGone)).toEqual({
      error: "invalid_grant",
      suberror: "consent_required",
      aadsts: 65001,
      status: null,
    });
    expect(grantFailureOf(sessionsRevoked)).toEqual({
      error: "invalid_grant",
      suberror: null,
      aadsts: 50173,
      status: 400,
    });
  });

  it("reads the verdict back off the typed error, Graph's own 401/403 included", () => {
    expect(refusedGrantVerdictOf(new AccessRevokedError("x"))).toBe("revoked_by_instructor");
    expect(refusedGrantVerdictOf(errorForGraphFailure(failure(403), now))).toBe("reconnect_needed");
    expect(refusedGrantVerdictOf(errorForGraphFailure(failure(503), now))).toBe("transient");
    expect(refusedGrantVerdictOf(new Error("database down"))).toBe("transient");
  });
});

import { describe, expect, it } from "vitest";
import { MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";
import {
  DEFAULT_THROTTLE_RETRY_MS,
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

  it("treats a failed fetch as unavailable and passes other errors through", () => {
    expect(typedGraphError(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }), now)).toBeInstanceOf(
      GraphUnavailableError,
    );
    const own = new ReconnectRequiredError("gone");
    expect(typedGraphError(own, now)).toBe(own);
  });
});

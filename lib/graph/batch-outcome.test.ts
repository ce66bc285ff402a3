import { describe, expect, it } from "vitest";
import { MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";
import { batchOutcomeOf, isDoneOrGone, type BatchOutcomeKind } from "./batch-outcome";
import { GraphRequestError, GraphThrottledError } from "./errors";

const now = Date.parse("2026-10-25T00:30:00Z");
const answer = (status: number, headers: Record<string, string> = {}, body?: unknown) => ({
  id: "7",
  status,
  headers,
  body: body ?? (status >= 300 ? { error: { code: "Code", message: "text" } } : undefined),
});

describe("batchOutcomeOf: a $batch answer as what it came to", () => {
  it.each<[number, BatchOutcomeKind]>([
    [200, "ok"],
    [201, "ok"],
    [204, "ok"],
    [404, "gone"],
    [409, "conflict"],
    [412, "conflict"],
    [429, "throttled"],
    [503, "throttled"],
    [504, "throttled"],
    [0, "throttled"], // no answer for the step inside the envelope
    [401, "refused"],
    [403, "refused"],
    [400, "failed"],
    [500, "failed"],
  ])("%i is %s", (status, kind) => {
    const outcome = batchOutcomeOf(answer(status), now);
    expect(outcome).toMatchObject({ id: "7", kind });
  });

  it("keeps the body of a success and the typed error of a failure", () => {
    expect(batchOutcomeOf(answer(201, {}, { id: "AAMk" }), now)).toEqual({ id: "7", kind: "ok", body: { id: "AAMk" } });
    const throttled = batchOutcomeOf(answer(429, { "Retry-After": "30" }), now);
    expect(throttled.kind === "throttled" && throttled.error).toBeInstanceOf(GraphThrottledError);
    expect(throttled.kind === "throttled" && throttled.error.retryAfterMs).toBe(30_000);
    const refused = batchOutcomeOf(answer(403), now);
    expect(refused.kind === "refused" && refused.error).toBeInstanceOf(ReconnectRequiredError);
    const gone = batchOutcomeOf(answer(404), now);
    expect(gone.kind === "gone" && gone.error).toBeInstanceOf(GraphRequestError);
    const missing = batchOutcomeOf(answer(0), now);
    expect(missing.kind === "throttled" && missing.error).toBeInstanceOf(MicrosoftUnavailableError);
  });

  it("a delete's goal is reached when the step succeeded or the item was already gone", () => {
    expect([200, 204, 404, 412, 429, 403].map((s) => isDoneOrGone(batchOutcomeOf(answer(s), now)))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

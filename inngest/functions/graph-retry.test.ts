import { RetryAfterError } from "inngest";
import { describe, expect, it } from "vitest";
import { ReconnectRequiredError } from "@/lib/errors";
import { GraphThrottledError, GraphUnavailableError } from "@/lib/graph/errors";
import { retryAfterGraph, retryableGraphError } from "./graph-retry";

describe("the job layer's Graph retry policy", () => {
  it.each([
    ["throttled, Retry-After 30 s", new GraphThrottledError("429", 30_000), "30"],
    ["unavailable, Retry-After 2.5 s", new GraphUnavailableError("503", 2_500), "3"],
    ["a wait of zero still waits a second", new GraphUnavailableError("503", 0), "1"],
  ])("%s becomes RetryAfterError", (_, error, seconds) => {
    const retry = retryableGraphError(error) as RetryAfterError;
    expect(retry).toBeInstanceOf(RetryAfterError);
    expect(retry.retryAfter).toBe(seconds);
    expect(retry.cause).toBe(error);
  });

  it.each([
    ["an outage without a wait", new GraphUnavailableError("no answer")],
    ["a refused grant", new ReconnectRequiredError("401")],
    ["a bug", new TypeError("x is undefined")],
  ])("%s is rethrown as it is, for the function's backoff", (_, error) => {
    expect(retryableGraphError(error)).toBe(error);
  });

  it("wraps a step's work", async () => {
    await expect(retryAfterGraph(async () => 7)).resolves.toBe(7);
    await expect(
      retryAfterGraph(async () => {
        throw new GraphThrottledError("429", 1_000);
      }),
    ).rejects.toBeInstanceOf(RetryAfterError);
  });
});

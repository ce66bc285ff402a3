import { describe, expect, it } from "vitest";
import { describeRunProgress, elapsedText, isMicrosoftUnavailable, runProgress } from "./run-progress";

const at = (time: string) => new Date(`2026-11-24T${time}Z`);
const clock = (d: Date) => d.toISOString().slice(11, 16);

describe("a running or waiting sync, as an admin reads it", () => {
  it("counts from the start, or from the queueing while it has not started", () => {
    expect(
      runProgress({
        status: "running",
        queuedAt: at("10:00:00"),
        startedAt: at("10:00:05"),
        attempt: null,
        now: at("10:00:17"),
      }),
    ).toEqual({ elapsedSeconds: 12, attempt: 1, retryingAt: null });
    expect(
      runProgress({ status: "queued", queuedAt: at("10:00:00"), startedAt: null, attempt: null, now: at("10:00:03") })
        .elapsedSeconds,
    ).toBe(3);
  });

  it("names the attempt and a retry that waits for Microsoft, not one waiting after our own error", () => {
    const waiting = { running: false, attempt: 3, runAfter: at("10:05:00"), lastErrorName: "GraphThrottledError" };
    expect(
      runProgress({
        status: "queued",
        queuedAt: at("10:00:00"),
        startedAt: at("10:00:00"),
        attempt: waiting,
        now: at("10:02:00"),
      }),
    ).toEqual({ elapsedSeconds: 120, attempt: 3, retryingAt: at("10:05:00") });
    const ours = { ...waiting, lastErrorName: "TypeError" };
    expect(
      runProgress({ status: "queued", queuedAt: at("10:00:00"), startedAt: null, attempt: ours, now: at("10:02:00") })
        .retryingAt,
    ).toBeNull();
    // Its wait is over and it runs again: nothing waits any more.
    const running = { ...waiting, running: true };
    expect(
      runProgress({
        status: "running",
        queuedAt: at("10:00:00"),
        startedAt: null,
        attempt: running,
        now: at("10:06:00"),
      }).retryingAt,
    ).toBeNull();
  });

  it("says it in words", () => {
    expect(describeRunProgress("running", { elapsedSeconds: 12, attempt: 1, retryingAt: null }, clock)).toBe(
      "Running 12 s",
    );
    expect(describeRunProgress("queued", { elapsedSeconds: 125, attempt: 2, retryingAt: at("14:05:00") }, clock)).toBe(
      "Queued 2 min 5 s · attempt 2 · Microsoft unavailable, retrying at 14:05",
    );
    expect(elapsedText(3_725)).toBe("1 h 2 min");
    expect(
      ["GraphThrottledError", "GraphUnavailableError", "RetryAfterError", "ReconnectRequiredError", null].map(
        isMicrosoftUnavailable,
      ),
    ).toEqual([true, true, true, false, false]);
  });
});

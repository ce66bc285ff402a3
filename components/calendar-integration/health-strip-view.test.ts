import { expect, it } from "vitest";
import { describeHour, healthStrip } from "./health-strip-view";

const at = (iso: string) => new Date(`2026-11-24T${iso}Z`);
const run = (
  startedAt: string,
  status: "succeeded" | "failed" | "running" | "cancelled",
  errorClass: string | null = null,
) => ({
  kind: "pull" as const,
  status,
  errorClass,
  queuedAt: at(startedAt),
  startedAt: at(startedAt),
});

it("puts the last 24 hours' runs in hourly columns ending with the current hour, by how they ended", () => {
  const hours = healthStrip(
    [
      run("09:59:00", "succeeded"), // the hour before
      run("10:00:01", "succeeded"),
      run("10:15:00", "failed", "GraphThrottledError"),
      run("10:20:00", "failed", "PullRoundHeldError"),
      run("10:30:00", "failed", "ReconnectRequiredError"),
      run("10:40:00", "running"),
      run("10:50:00", "cancelled"),
    ],
    at("10:55:00"),
    "Europe/London",
  );
  expect(hours).toHaveLength(24);
  expect(hours[0]!.start).toBe("2026-11-23T11:00:00.000Z");
  expect(hours.at(-1)).toMatchObject({
    label: "10:00",
    counts: { succeeded: 1, retrying: 1, held: 1, failed: 1, running: 1 },
    total: 5,
  });
  expect(hours.at(-2)).toMatchObject({ label: "09:00", total: 1 });
  expect(describeHour(hours.at(-1)!, "now")).toBe(
    "10:00–now: 1 failed, 1 held, 1 microsoft unavailable, 1 queued or running, 1 succeeded",
  );
  expect(describeHour(hours[0]!, hours[1]!.label)).toBe("11:00–12:00: no runs");
});

it("labels the hours in the page's zone", () => {
  const hours = healthStrip([], at("10:55:00"), "America/New_York");
  expect(hours.at(-1)!.label).toBe("05:00");
});

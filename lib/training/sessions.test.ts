import { describe, expect, it } from "vitest";
import { resolveSessions } from "./sessions";

describe("resolveSessions", () => {
  it("reads wall-clock times in the event's zone and sorts by start", () => {
    const result = resolveSessions(
      [
        { name: "Day 2", start: "2026-12-02T09:00", end: "2026-12-02T17:00" },
        { name: " Day 1 ", start: "2026-12-01T09:00", end: "2026-12-01T12:30" },
      ],
      "America/New_York",
    );
    expect(result).toEqual({
      ok: true,
      sessions: [
        { name: "Day 1", startsAt: new Date("2026-12-01T14:00:00Z"), endsAt: new Date("2026-12-01T17:30:00Z") },
        { name: "Day 2", startsAt: new Date("2026-12-02T14:00:00Z"), endsAt: new Date("2026-12-02T22:00:00Z") },
      ],
    });
  });

  it("spans the night the clocks go back without losing the hour", () => {
    const result = resolveSessions([{ start: "2026-10-24T22:00", end: "2026-10-25T02:00" }], "Europe/London");
    expect(result.ok && result.sessions[0]!.endsAt.getTime() - result.sessions[0]!.startsAt.getTime()).toBe(
      5 * 3600_000,
    );
  });

  it("explains each bad field", () => {
    const result = resolveSessions(
      [
        { start: "2026-03-08T02:30", end: "2026-03-08T04:00" },
        { start: "2026-12-01T10:00", end: "2026-12-01T09:00" },
      ],
      "America/New_York",
    );
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        "sessions.0.start": ["This time does not exist in America/New_York: the clocks go forward then"],
        "sessions.1.end": ["The session must end after it starts"],
      },
    });
  });

  it("refuses times outside 1970–2099 and sessions longer than 14 days", () => {
    const result = resolveSessions(
      [
        { start: "0001-01-01T00:00", end: "9999-12-31T23:59" },
        { start: "2099-12-31T12:00", end: "2100-01-01T12:00" },
        { start: "2026-12-01T09:00", end: "2026-12-16T09:00" },
        { start: "2026-12-01T09:00", end: "2026-12-15T09:00" },
      ],
      "UTC",
    );
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        "sessions.0.start": ["Sessions must fall between 1970 and 2099"],
        "sessions.1.end": ["Sessions must fall between 1970 and 2099"],
        "sessions.2.end": ["A session lasts at most 14 days"],
      },
    });
  });
});

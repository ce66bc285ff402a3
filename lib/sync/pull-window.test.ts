import { describe, expect, it } from "vitest";
import { baselineDue, pullWindow, type PullWindow } from "./pull-window";

const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

describe("pullWindow", () => {
  it.each([
    // Europe/London: spring forward on Sunday 29 March 2026, so "today" starts at 23:00Z the day before.
    {
      zone: "Europe/London",
      now: "2026-03-30T10:00:00Z",
      lookBack: undefined,
      start: "2026-03-23T00:00:00.000Z",
      end: "2027-03-29T23:00:00.000Z",
    },
    // The DST day itself: today began at 00:00 GMT; a year on (29 March 2027) is already BST.
    {
      zone: "Europe/London",
      now: "2026-03-29T12:00:00Z",
      lookBack: 0,
      start: "2026-03-29T00:00:00.000Z",
      end: "2027-03-28T23:00:00.000Z",
    },
    // Fall back on Sunday 25 October 2026: local midnight is 23:00Z the day before.
    {
      zone: "Europe/London",
      now: "2026-10-25T12:00:00Z",
      lookBack: 1,
      start: "2026-10-23T23:00:00.000Z",
      end: "2027-10-24T23:00:00.000Z",
    },
    // America/New_York, late evening local on 7 March (already 8 March in UTC), the night before spring forward.
    {
      zone: "America/New_York",
      now: "2026-03-08T04:30:00Z",
      lookBack: 7,
      start: "2026-02-28T05:00:00.000Z",
      end: "2027-03-07T05:00:00.000Z",
    },
    // Across a month end: 31 January + 12 months, with a 3-day look-back reaching into the previous month.
    {
      zone: "UTC",
      now: "2026-01-31T23:59:00Z",
      lookBack: 3,
      start: "2026-01-28T00:00:00.000Z",
      end: "2027-01-31T00:00:00.000Z",
    },
    // Sydney is ahead: already 1 February there.
    {
      zone: "Australia/Sydney",
      now: "2026-01-31T14:00:00Z",
      lookBack: 0,
      start: "2026-01-31T13:00:00.000Z",
      end: "2027-01-31T13:00:00.000Z",
    },
  ])("$zone at $now, look-back $lookBack", ({ zone, now, lookBack, start, end }) => {
    const w = pullWindow({ now: at(now), timeZone: zone, lookBackDays: lookBack });
    expect(w.start.toISOString()).toBe(start);
    expect(w.end.toISOString()).toBe(end);
  });

  it("defaults to a 7-day look-back and refuses unknown zones", () => {
    expect(pullWindow({ now: at("2026-05-10T12:00:00Z"), timeZone: "UTC" }).start.toISOString()).toBe(
      "2026-05-03T00:00:00.000Z",
    );
    expect(() => pullWindow({ now: at("2026-05-10T12:00:00Z"), timeZone: "Mars/Olympus" })).toThrow(RangeError);
  });
});

describe("baselineDue", () => {
  const now = at("2026-05-10T12:00:00Z");
  const wanted = pullWindow({ now, timeZone: "Europe/London" });
  const shifted = (w: PullWindow, ms: number): PullWindow => ({
    start: new Date(w.start.getTime() + ms),
    end: new Date(w.end.getTime() + ms),
  });

  it.each([
    { name: "no token", token: null, due: "no_token" },
    {
      name: "fresh token with today's window",
      token: { window: wanted, baselineAt: new Date(now.getTime() - HOUR) },
      due: null,
    },
    {
      name: "window a day short is still fine",
      token: { window: shifted(wanted, -24 * HOUR), baselineAt: new Date(now.getTime() - HOUR) },
      due: null,
    },
    {
      name: "window more than a day short",
      token: { window: shifted(wanted, -25 * HOUR), baselineAt: new Date(now.getTime() - HOUR) },
      due: "window_short",
    },
    {
      name: "window started far from the wanted start (zone changed)",
      token: { window: { start: new Date(wanted.start.getTime() + 2 * 24 * HOUR), end: wanted.end }, baselineAt: now },
      due: "window_moved",
    },
    {
      name: "baseline 24 hours old",
      token: { window: wanted, baselineAt: new Date(now.getTime() - 24 * HOUR) },
      due: "stale",
    },
    {
      name: "baseline 23 hours old",
      token: { window: wanted, baselineAt: new Date(now.getTime() - 23 * HOUR) },
      due: null,
    },
  ])("$name → $due", ({ token, due }) => {
    expect(baselineDue({ now, wanted, token })).toBe(due);
  });
});

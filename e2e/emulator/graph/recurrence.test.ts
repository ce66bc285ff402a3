import { describe, expect, it } from "vitest";
import { recurrenceDates } from "./recurrence";
import { expandSeries, occurrenceKey } from "./recurrence-expand";
import { normaliseRecurrence } from "./recurrence-input";
import { eventFrom, utc } from "./test-helpers";

const take = (gen: Generator<string>, n: number) => {
  const out: string[] = [];
  for (const d of gen) {
    out.push(d);
    if (out.length >= n) break;
  }
  return out;
};

describe("recurrenceDates", () => {
  it.each([
    [
      "daily every 2 days",
      { type: "daily", interval: 2 },
      { type: "noEnd", startDate: "2026-01-30" },
      4,
      ["2026-01-30", "2026-02-01", "2026-02-03", "2026-02-05"],
    ],
    [
      "weekly Mon+Wed",
      { type: "weekly", interval: 1, daysOfWeek: ["monday", "wednesday"] },
      { type: "noEnd", startDate: "2026-03-04" },
      4,
      ["2026-03-04", "2026-03-09", "2026-03-11", "2026-03-16"],
    ],
    // Biweekly from a Wednesday, weeks starting Sunday: Tue of week 0 is before the start, so skipped.
    [
      "biweekly Tue+Thu",
      { type: "weekly", interval: 2, daysOfWeek: ["tuesday", "thursday"], firstDayOfWeek: "sunday" },
      { type: "noEnd", startDate: "2026-03-04" },
      4,
      ["2026-03-05", "2026-03-17", "2026-03-19", "2026-03-31"],
    ],
    // firstDayOfWeek decides which weeks are "on": Monday-start weeks group Sun with the previous week.
    [
      "biweekly Sun, weeks from Monday",
      { type: "weekly", interval: 2, daysOfWeek: ["sunday", "monday"], firstDayOfWeek: "monday" },
      { type: "noEnd", startDate: "2026-03-02" },
      4,
      ["2026-03-02", "2026-03-08", "2026-03-16", "2026-03-22"],
    ],
    [
      "absoluteMonthly 31st clamps",
      { type: "absoluteMonthly", interval: 1, dayOfMonth: 31 },
      { type: "noEnd", startDate: "2026-01-31" },
      4,
      ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"],
    ],
    [
      "relativeMonthly first Friday",
      { type: "relativeMonthly", interval: 1, daysOfWeek: ["friday"], index: "first" },
      { type: "noEnd", startDate: "2026-01-01" },
      3,
      ["2026-01-02", "2026-02-06", "2026-03-06"],
    ],
    [
      "relativeMonthly last weekday",
      {
        type: "relativeMonthly",
        interval: 1,
        daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
        index: "last",
      },
      { type: "noEnd", startDate: "2026-01-01" },
      3,
      ["2026-01-30", "2026-02-27", "2026-03-31"],
    ],
    [
      "relativeMonthly third Tue every 2 months",
      { type: "relativeMonthly", interval: 2, daysOfWeek: ["tuesday"], index: "third" },
      { type: "noEnd", startDate: "2026-01-01" },
      3,
      ["2026-01-20", "2026-03-17", "2026-05-19"],
    ],
    [
      "absoluteYearly Feb 29 clamps",
      { type: "absoluteYearly", interval: 1, month: 2, dayOfMonth: 29 },
      { type: "noEnd", startDate: "2028-02-29" },
      3,
      ["2028-02-29", "2029-02-28", "2030-02-28"],
    ],
    [
      "relativeYearly last Mon of May",
      { type: "relativeYearly", interval: 1, month: 5, daysOfWeek: ["monday"], index: "last" },
      { type: "noEnd", startDate: "2026-01-01" },
      2,
      ["2026-05-25", "2027-05-31"],
    ],
    [
      "numbered stops",
      { type: "daily", interval: 1 },
      { type: "numbered", startDate: "2026-01-01", numberOfOccurrences: 3 },
      10,
      ["2026-01-01", "2026-01-02", "2026-01-03"],
    ],
    [
      "endDate inclusive",
      { type: "weekly", interval: 1, daysOfWeek: ["friday"] },
      { type: "endDate", startDate: "2026-01-01", endDate: "2026-01-16" },
      10,
      ["2026-01-02", "2026-01-09", "2026-01-16"],
    ],
  ])("%s", (_name, pattern, range, n, expected) => {
    const rec = normaliseRecurrence({ pattern, range }, "UTC");
    expect(rec).not.toBeNull();
    expect(take(recurrenceDates(rec as NonNullable<typeof rec>), n)).toEqual(expected);
  });

  it("fills Graph's defaults (doc response 3) and enforces required-if rules", () => {
    expect(
      normaliseRecurrence(
        {
          pattern: { type: "Weekly", interval: 1, daysOfWeek: ["Monday"] },
          range: { type: "endDate", startDate: "2017-09-04", endDate: "2017-12-31" },
        },
        "Pacific Standard Time",
      ),
    ).toEqual({
      pattern: {
        type: "weekly",
        interval: 1,
        month: 0,
        dayOfMonth: 0,
        daysOfWeek: ["monday"],
        firstDayOfWeek: "sunday",
        index: "first",
      },
      range: {
        type: "endDate",
        startDate: "2017-09-04",
        endDate: "2017-12-31",
        recurrenceTimeZone: "Pacific Standard Time",
        numberOfOccurrences: 0,
      },
    });
    expect(() =>
      normaliseRecurrence(
        { pattern: { type: "weekly", interval: 1 }, range: { type: "noEnd", startDate: "2026-01-01" } },
        "UTC",
      ),
    ).toThrow(/daysOfWeek/);
    expect(() =>
      normaliseRecurrence(
        { pattern: { type: "daily", interval: 1 }, range: { type: "numbered", startDate: "2026-01-01" } },
        "UTC",
      ),
    ).toThrow(/numberOfOccurrences/);
    expect(() =>
      normaliseRecurrence(
        { pattern: { type: "absoluteMonthly", interval: 1 }, range: { type: "noEnd", startDate: "2026-01-01" } },
        "UTC",
      ),
    ).toThrow(/dayOfMonth/);
  });
});

describe("expandSeries across DST", () => {
  const weekly = (zone: string, startDate: string, day: string) =>
    eventFrom(
      {
        subject: "1:1",
        start: { dateTime: `${startDate}T09:00:00`, timeZone: zone },
        end: { dateTime: `${startDate}T09:30:00`, timeZone: zone },
        recurrence: {
          pattern: { type: "weekly", interval: 1, daysOfWeek: [day] },
          range: { type: "noEnd", startDate },
        },
      },
      "MASTER",
    );

  it.each([
    // London: last Sunday of March (29th) and October (25th) 2026.
    [
      "Europe/London spring",
      "Europe/London",
      "2026-03-22",
      "sunday",
      ["2026-03-22T09:00:00.000Z", "2026-03-29T08:00:00.000Z", "2026-04-05T08:00:00.000Z"],
    ],
    [
      "Europe/London autumn",
      "GMT Standard Time",
      "2026-10-18",
      "sunday",
      ["2026-10-18T08:00:00.000Z", "2026-10-25T09:00:00.000Z", "2026-11-01T09:00:00.000Z"],
    ],
    // New York: 2nd Sunday of March (8th), 1st Sunday of November (1st) 2026.
    [
      "America/New_York spring",
      "America/New_York",
      "2026-03-01",
      "sunday",
      ["2026-03-01T14:00:00.000Z", "2026-03-08T13:00:00.000Z", "2026-03-15T13:00:00.000Z"],
    ],
    [
      "America/New_York autumn",
      "Eastern Standard Time",
      "2026-10-25",
      "sunday",
      ["2026-10-25T13:00:00.000Z", "2026-11-01T14:00:00.000Z", "2026-11-08T14:00:00.000Z"],
    ],
  ])("%s keeps 09:00 wall clock", (_n, zone, startDate, day, expected) => {
    const master = weekly(zone, startDate, day);
    const from = Date.parse(`${startDate}T00:00:00Z`);
    const occ = expandSeries(master, [], { startMs: from, endMs: from + 15 * 86_400_000 });
    expect(occ.map((o) => utc(o.startMs))).toEqual(expected);
    expect(occ.every((o) => o.endMs - o.startMs === 30 * 60_000)).toBe(true);
    expect(occ.every((o) => o.type === "occurrence" && o.seriesMasterId === "MASTER" && o.recurrence === null)).toBe(
      true,
    );
    expect(new Set(occ.map((o) => o.id)).size).toBe(occ.length);
  });

  it("applies exceptions (even moved in from outside the window) and cancellations", () => {
    const master = weekly("UTC", "2026-01-05", "monday");
    const w = { startMs: Date.parse("2026-01-05T00:00:00Z"), endMs: Date.parse("2026-01-20T00:00:00Z") };
    const all = expandSeries(master, [], w);
    expect(all).toHaveLength(3);
    const [first, second, third] = all;
    if (!first || !second || !third) throw new Error("expected three occurrences");
    master.cancelledOccurrences = [occurrenceKey("MASTER", "2026-01-12")];
    // Third slot moved to the Saturday before; it is still found, with type exception.
    const exception = {
      ...third,
      type: "exception" as const,
      subject: "moved",
      startMs: third.startMs - 2 * 86_400_000,
      endMs: third.endMs - 2 * 86_400_000,
    };
    const got = expandSeries(master, [exception], w);
    expect(got.map((e) => [e.type, utc(e.startMs), e.subject])).toEqual([
      ["occurrence", "2026-01-05T09:00:00.000Z", "1:1"],
      ["exception", "2026-01-17T09:00:00.000Z", "moved"],
    ]);
    expect(got[1]?.originalStartMs).toBe(third.originalStartMs);
    expect(second.id).not.toBe(first.id);
  });

  it("all-day yearly series stay whole days", () => {
    const master = eventFrom(
      {
        subject: "Holiday",
        isAllDay: true,
        start: { dateTime: "2026-12-25T00:00:00", timeZone: "Europe/London" },
        end: { dateTime: "2026-12-26T00:00:00", timeZone: "Europe/London" },
        recurrence: {
          pattern: { type: "absoluteYearly", interval: 1, month: 12, dayOfMonth: 25 },
          range: { type: "noEnd", startDate: "2026-12-25" },
        },
      },
      "HOL",
    );
    const occ = expandSeries(master, [], {
      startMs: Date.parse("2026-01-01T00:00:00Z"),
      endMs: Date.parse("2028-01-01T00:00:00Z"),
    });
    expect(occ.map((o) => [o.startLocal, o.endLocal])).toEqual([
      ["2026-12-25T00:00:00", "2026-12-26T00:00:00"],
      ["2027-12-25T00:00:00", "2027-12-26T00:00:00"],
    ]);
  });
});

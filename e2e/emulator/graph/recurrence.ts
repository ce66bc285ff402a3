/**
 * The dates a `patternedRecurrence` produces, in order, as "YYYY-MM-DD" in the recurrence zone
 * (graph-behaviour.md §1 recurrence; schema descriptions of recurrencePattern/recurrenceRange).
 * Pure calendar arithmetic on dates (no times, so DST cannot shift a day); times are applied by
 * recurrence-expand.ts. absoluteMonthly/Yearly on a day the month lacks falls on the month's last
 * day, as Outlook does [UNV: RFC 5545 would skip it].
 */
import { DateTime } from "luxon";
import type { DayOfWeek, PatternedRecurrence } from "./event-types";
import { DAYS } from "./recurrence-input";

const dayNumber = (d: DayOfWeek) => DAYS.indexOf(d); // 0 = sunday
const weekdayOf = (dt: DateTime) => dt.weekday % 7; // luxon: 1 = monday .. 7 = sunday
const INDEX = { first: 0, second: 1, third: 2, fourth: 3, last: -1 } as const;

/** Safety valve for noEnd series nobody stops iterating. */
const MAX_PERIODS = 20_000;

function clampDay(year: number, month: number, day: number): DateTime {
  const first = DateTime.utc(year, month, 1);
  return first.set({ day: Math.min(day, first.daysInMonth ?? 28) });
}

function relativeDay(year: number, month: number, days: DayOfWeek[], index: keyof typeof INDEX): DateTime | null {
  const wanted = new Set(days.map(dayNumber));
  const first = DateTime.utc(year, month, 1);
  const candidates: DateTime[] = [];
  for (let d = 0; d < (first.daysInMonth ?? 28); d++) {
    const dt = first.plus({ days: d });
    if (wanted.has(weekdayOf(dt))) candidates.push(dt);
  }
  const i = INDEX[index];
  return (i < 0 ? candidates[candidates.length - 1] : candidates[i]) ?? null;
}

/** Candidate dates per pattern period, before range start/end are applied. */
function* periods(rec: PatternedRecurrence, start: DateTime): Generator<DateTime[]> {
  const { pattern } = rec;
  const step = pattern.interval;
  for (let k = 0; k < MAX_PERIODS; k++) {
    switch (pattern.type) {
      case "daily":
        yield [start.plus({ days: k * step })];
        break;
      case "weekly": {
        const fdw = dayNumber(pattern.firstDayOfWeek);
        const weekStart = start.minus({ days: (weekdayOf(start) - fdw + 7) % 7 }).plus({ weeks: k * step });
        const wanted = new Set(pattern.daysOfWeek.map(dayNumber));
        const days: DateTime[] = [];
        for (let d = 0; d < 7; d++) {
          const dt = weekStart.plus({ days: d });
          if (wanted.has(weekdayOf(dt))) days.push(dt);
        }
        yield days;
        break;
      }
      case "absoluteMonthly":
      case "relativeMonthly": {
        const m = start.startOf("month").plus({ months: k * step });
        const dt =
          pattern.type === "absoluteMonthly"
            ? clampDay(m.year, m.month, pattern.dayOfMonth)
            : relativeDay(m.year, m.month, pattern.daysOfWeek, pattern.index);
        yield dt ? [dt] : [];
        break;
      }
      case "absoluteYearly":
      case "relativeYearly": {
        const year = start.year + k * step;
        const dt =
          pattern.type === "absoluteYearly"
            ? clampDay(year, pattern.month, pattern.dayOfMonth)
            : relativeDay(year, pattern.month, pattern.daysOfWeek, pattern.index);
        yield dt ? [dt] : [];
        break;
      }
    }
  }
}

/**
 * Occurrence dates from range.startDate, honouring endDate / numberOfOccurrences; for noEnd the
 * caller stops iterating (e.g. once past its window).
 */
export function* recurrenceDates(rec: PatternedRecurrence): Generator<string> {
  const start = DateTime.fromISO(rec.range.startDate, { zone: "UTC" });
  let emitted = 0;
  for (const dates of periods(rec, start)) {
    for (const dt of dates) {
      if (dt < start) continue;
      const iso = dt.toISODate() ?? "";
      if (rec.range.type === "endDate" && iso > rec.range.endDate) return;
      if (rec.range.type === "numbered" && emitted >= rec.range.numberOfOccurrences) return;
      emitted++;
      yield iso;
    }
  }
}

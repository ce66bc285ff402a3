/**
 * `patternedRecurrence` in, with the defaults Graph returns (user-post-events.md response 3:
 * month 0, dayOfMonth 0, firstDayOfWeek "sunday", index "first", endDate "0001-01-01" unless
 * ranged, recurrenceTimeZone = the event's zone, numberOfOccurrences 0) and the "required if"
 * rules of the recurrencePattern/recurrenceRange schemas. Rule violations are 400
 * ErrorPropertyValidationFailure [UNV exact code].
 */
import { propertyValidationFailure } from "./errors";
import { enumValue, isObject } from "./event-fields";
import type { DayOfWeek, PatternedRecurrence } from "./event-types";

export const DAYS: readonly DayOfWeek[] = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
];
const PATTERN_TYPES = [
  "daily",
  "weekly",
  "absoluteMonthly",
  "relativeMonthly",
  "absoluteYearly",
  "relativeYearly",
] as const;
const date = /^\d{4}-\d{2}-\d{2}$/;

const int = (v: unknown, fallback: number) => (typeof v === "number" && Number.isInteger(v) ? v : fallback);

export function normaliseRecurrence(input: unknown, eventTimeZone: string): PatternedRecurrence | null {
  if (input === null || input === undefined) return null;
  if (!isObject(input) || !isObject(input.pattern) || !isObject(input.range)) {
    throw propertyValidationFailure("recurrence needs pattern and range.");
  }
  const p = input.pattern;
  const r = input.range;
  const type = enumValue(PATTERN_TYPES, p.type, "pattern.type");
  const daysOfWeek = Array.isArray(p.daysOfWeek) ? p.daysOfWeek.map((d) => enumValue(DAYS, d, "daysOfWeek")) : [];
  const pattern = {
    type,
    interval: int(p.interval, 1),
    month: int(p.month, 0),
    dayOfMonth: int(p.dayOfMonth, 0),
    daysOfWeek,
    firstDayOfWeek:
      p.firstDayOfWeek === undefined || p.firstDayOfWeek === null
        ? ("sunday" as const)
        : enumValue(DAYS, p.firstDayOfWeek, "firstDayOfWeek"),
    index:
      p.index === undefined || p.index === null
        ? ("first" as const)
        : enumValue(["first", "second", "third", "fourth", "last"], p.index, "index"),
  };
  if (pattern.interval < 1) throw propertyValidationFailure("recurrence interval must be at least 1.");
  if (["weekly", "relativeMonthly", "relativeYearly"].includes(type) && daysOfWeek.length === 0) {
    throw propertyValidationFailure(`daysOfWeek is required for ${type}.`);
  }
  if (
    (type === "absoluteMonthly" || type === "absoluteYearly") &&
    (pattern.dayOfMonth < 1 || pattern.dayOfMonth > 31)
  ) {
    throw propertyValidationFailure(`dayOfMonth is required for ${type}.`);
  }
  if ((type === "absoluteYearly" || type === "relativeYearly") && (pattern.month < 1 || pattern.month > 12)) {
    throw propertyValidationFailure(`month is required for ${type}.`);
  }

  const rangeType = enumValue(["endDate", "noEnd", "numbered"], r.type, "range.type");
  if (typeof r.startDate !== "string" || !date.test(r.startDate))
    throw propertyValidationFailure("range.startDate is required.");
  const endDate = typeof r.endDate === "string" && date.test(r.endDate) ? r.endDate : "0001-01-01";
  if (rangeType === "endDate" && (endDate === "0001-01-01" || endDate < r.startDate)) {
    throw propertyValidationFailure("range.endDate is required and must not precede startDate.");
  }
  const numberOfOccurrences = int(r.numberOfOccurrences, 0);
  if (rangeType === "numbered" && numberOfOccurrences < 1)
    throw propertyValidationFailure("numberOfOccurrences must be positive.");
  return {
    pattern,
    range: {
      type: rangeType,
      startDate: r.startDate,
      endDate: rangeType === "endDate" ? endDate : "0001-01-01",
      recurrenceTimeZone:
        typeof r.recurrenceTimeZone === "string" && r.recurrenceTimeZone ? r.recurrenceTimeZone : eventTimeZone,
      numberOfOccurrences: rangeType === "numbered" ? numberOfOccurrences : 0,
    },
  };
}

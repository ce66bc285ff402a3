import { DateTime, IANAZone } from "luxon";

/** Wall-clock date and time in some zone, as typed into a form: "2026-03-29T09:30". */
export type LocalDateTime = string;

const localPattern = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/;
const offsetPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone) && zone !== "" && !/^[+-]?\d/.test(zone);
}

export function isLocalDateTime(value: string): boolean {
  return localPattern.test(value);
}

export function isOffsetDateTime(value: string): boolean {
  return offsetPattern.test(value);
}

export type ZonedResult = { ok: true; instant: Date } | { ok: false; reason: "invalid" | "nonexistent" };

/**
 * The instant a wall-clock time names in `zone`. A time skipped by a DST change (02:30 on the
 * spring-forward night) names no instant and is reported, not silently moved an hour; a repeated
 * time (01:30 on the fall-back night) resolves to its first occurrence.
 */
export function localToInstant(local: LocalDateTime, zone: string): ZonedResult {
  const match = localPattern.exec(local);
  if (!match || !isValidTimeZone(zone)) return { ok: false, reason: "invalid" };
  const wallClock = DateTime.fromISO(local, { zone: "UTC" });
  if (!wallClock.isValid) return { ok: false, reason: "invalid" };
  // Try the offsets in force a day either side; every one that reproduces the wall clock is a
  // real instant. None: the time was skipped. Two: it was repeated, and the earlier one wins.
  const wanted = wallClock.toFormat("yyyy-MM-dd'T'HH:mm:ss");
  const offsets = new Set(
    [-1, 1].map((days) => wallClock.plus({ days }).setZone(zone, { keepLocalTime: true }).offset),
  );
  const candidates = [...offsets]
    .map((offsetMinutes) => wallClock.minus({ minutes: offsetMinutes }).setZone(zone))
    .filter((dt) => dt.toFormat("yyyy-MM-dd'T'HH:mm:ss") === wanted)
    .map((dt) => dt.toMillis());
  if (candidates.length === 0) return { ok: false, reason: "nonexistent" };
  return { ok: true, instant: new Date(Math.min(...candidates)) };
}

/** A value an integration sent: wall-clock in `zone` when it has no offset, else the instant it states. */
export function parseDateTimeInZone(value: string, zone: string): ZonedResult {
  if (isLocalDateTime(value)) return localToInstant(value, zone);
  if (!isOffsetDateTime(value)) return { ok: false, reason: "invalid" };
  const dt = DateTime.fromISO(value, { setZone: true });
  return dt.isValid ? { ok: true, instant: dt.toJSDate() } : { ok: false, reason: "invalid" };
}

export function toZoned(instant: Date, zone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone });
}

/** "2026-03-29T09:30" in `zone`, for form fields. */
export function instantToLocal(instant: Date, zone: string): LocalDateTime {
  return toZoned(instant, zone).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** ISO 8601 with the zone's offset at that instant: "2026-03-29T09:30:00.000+01:00". */
export function instantToOffsetIso(instant: Date, zone: string): string {
  return toZoned(instant, zone).toISO() ?? instant.toISOString();
}

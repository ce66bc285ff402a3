import { findIana, findIanaAliases, findWindows } from "windows-iana";
import { DateTime, IANAZone } from "luxon";

/** The zone name Exchange uses for a legacy custom zone; it names no rules we can apply (§1). */
export const CUSTOM_ZONE = "tzone://Microsoft/Custom";

/**
 * The IANA zone for a zone name Graph used in a `dateTimeTimeZone`: "UTC", an IANA name (accepted
 * and echoed by Graph), or a Windows name ("GMT Standard Time") through windows-iana's CLDR table.
 * Null for `tzone://Microsoft/Custom` and names nobody knows.
 */
export function ianaZoneFor(name: string | null | undefined): string | null {
  const zone = name?.trim();
  if (!zone || zone === CUSTOM_ZONE) return null;
  if (/^(utc|etc\/utc|gmt)$/i.test(zone)) return "UTC";
  const [windows] = findIana(zone);
  if (windows) return windows;
  return IANAZone.isValidZone(zone) ? zone : null;
}

/**
 * The instant a Graph `dateTime` (no offset, up to 7 fractional digits) names in a zone. Reads send
 * `Prefer: outlook.timezone="UTC"`, so the zone is UTC; when Graph renders another (a sub-request
 * without the header) we convert it, and a custom or unknown zone falls back to UTC, which is what
 * Graph renders when asked for it.
 */
export function graphDateTimeToInstant(dateTime: string, zoneName: string | null | undefined): Date {
  const { local, offset } = parts(dateTime);
  const zone = ianaZoneFor(zoneName) ?? "UTC";
  const parsed = offset ? DateTime.fromISO(`${local}${offset}`, { setZone: true }) : DateTime.fromISO(local, { zone });
  if (!parsed.isValid) throw new RangeError(`Unreadable Graph dateTime: ${dateTime}`);
  return parsed.toJSDate();
}

/** The calendar date of a Graph `dateTime` ("2026-03-29T00:00:00.0000000" → "2026-03-29"). */
export function graphDate(dateTime: string): string {
  const date = parts(dateTime).local.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Unreadable Graph dateTime: ${dateTime}`);
  return date;
}

/** Local midnight of a date in a zone (the first instant of that day where midnight is skipped). */
export function startOfDateIn(date: string, zone: string): Date {
  const day = DateTime.fromISO(date, { zone }).startOf("day");
  if (!day.isValid) throw new RangeError(`Unreadable date ${date} in ${zone}`);
  return day.toJSDate();
}

/** Graph's 7 fractional digits cut to milliseconds; a trailing Z or offset is not Graph's form, but when present it wins. */
function parts(dateTime: string): { local: string; offset: string | null } {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(dateTime.trim());
  if (!match) throw new RangeError(`Unreadable Graph dateTime: ${dateTime}`);
  return { local: `${match[1]}${match[2] ? match[2].slice(0, 4) : ""}`, offset: match[3] ?? null };
}

/**
 * The zone name to send Graph for an IANA zone: its Windows name (CLDR, through windows-iana, aliases
 * such as Europe/Kyiv included), which Graph accepts everywhere; null when Windows has none, and the
 * caller sends the time in UTC instead. Graph documents only Windows names and a short list of IANA
 * names (graph-behaviour.md §1, dateTimeTimeZone) and refuses others (issue 20 item 2).
 */
export function windowsZoneFor(iana: string): string | null {
  if (/^(utc|etc\/utc|gmt|etc\/gmt)$/i.test(iana.trim())) return "UTC";
  for (const name of [iana, ...findIanaAliases(iana)]) {
    const [windows] = findWindows(name);
    if (windows) return windows;
  }
  return null;
}

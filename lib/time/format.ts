import { toZoned } from "./zoned";

/** "Tue 1 Dec 2026, 09:00–17:00 EST", or with both dates when a session crosses midnight. */
export function formatSessionRange(start: Date, end: Date, zone: string): string {
  const s = toZoned(start, zone);
  const e = toZoned(end, zone);
  const zoneLabel = zoneAbbreviation(start, zone);
  // Same calendar day in the zone (both are in it); luxon's hasSame costs more than the rest together.
  if (s.toISODate() === e.toISODate())
    return `${s.toFormat("ccc d LLL yyyy, HH:mm")}–${e.toFormat("HH:mm")} ${zoneLabel}`;
  return `${s.toFormat("ccc d LLL yyyy, HH:mm")} – ${e.toFormat("ccc d LLL, HH:mm")} ${zoneLabel}`;
}

/** "Tue 1 Dec 2026, 09:00 GMT" in the zone. */
export function formatDateTime(instant: Date, zone: string): string {
  return `${toZoned(instant, zone).toFormat("ccc d LLL yyyy, HH:mm")} ${zoneAbbreviation(instant, zone)}`;
}

/**
 * The zone's short name at that instant ("EST", "GMT+8"): what luxon's "ZZZZ" prints for the
 * DateTimes of toZoned (luxon formats in en-US), but with the Intl formatter kept per zone — luxon
 * builds a new one for every "ZZZZ", which costs more than the rest of a push entry's content.
 */
function zoneAbbreviation(instant: Date, zone: string): string {
  let format = zoneNameFormats.get(zone);
  if (!format) {
    // The options luxon asks Intl for (impl/util.js parseZoneInfo).
    format = new Intl.DateTimeFormat("en-US", {
      timeZoneName: "short",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: zone,
    });
    zoneNameFormats.set(zone, format);
  }
  return format.formatToParts(instant).find((part) => part.type === "timeZoneName")?.value ?? "";
}

/** One per IANA zone in use (a few hundred at most). */
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

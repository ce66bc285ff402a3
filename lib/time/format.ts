import { toZoned } from "./zoned";

/** "Tue 1 Dec 2026, 09:00–17:00 EST", or with both dates when a session crosses midnight. */
export function formatSessionRange(start: Date, end: Date, zone: string): string {
  const s = toZoned(start, zone);
  const e = toZoned(end, zone);
  const zoneLabel = s.toFormat("ZZZZ");
  if (s.hasSame(e, "day")) return `${s.toFormat("ccc d LLL yyyy, HH:mm")}–${e.toFormat("HH:mm")} ${zoneLabel}`;
  return `${s.toFormat("ccc d LLL yyyy, HH:mm")} – ${e.toFormat("ccc d LLL, HH:mm")} ${zoneLabel}`;
}

/** "Tue 1 Dec 2026, 09:00 GMT" in the zone. */
export function formatDateTime(instant: Date, zone: string): string {
  return toZoned(instant, zone).toFormat("ccc d LLL yyyy, HH:mm ZZZZ");
}

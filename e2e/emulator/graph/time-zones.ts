/**
 * Graph's `dateTimeTimeZone` in and out (graph-behaviour.md §1 start/end, §2 Prefer outlook.timezone).
 * Input zones may be Windows names ("Pacific Standard Time") or IANA names; output `dateTime` has
 * 7 fractional digits and no offset, in UTC unless a Prefer zone is given. Instants are epoch ms.
 */
import { DateTime, IANAZone } from "luxon";
import { invalidRequest, timeZoneNotSupported } from "./errors";
import { windowsToIana } from "./windows-zones";

const windowsByLower = new Map<string, { windows: string; iana: string }>();
const ianaToWindowsMap = new Map<string, string>();
for (const [windows, ianaList] of Object.entries(windowsToIana)) {
  windowsByLower.set(windows.toLowerCase(), { windows, iana: ianaList[0] ?? "UTC" });
  for (const iana of ianaList) if (!ianaToWindowsMap.has(iana)) ianaToWindowsMap.set(iana, windows);
}

export type ResolvedZone = {
  /** Zone luxon computes with. */
  iana: string;
  /** The name as the client gave it (Graph echoes the caller's spelling back). */
  label: string;
};

/** Windows or IANA name -> zone, or null when neither table nor ICU knows it. */
export function resolveZone(name: string): ResolvedZone | null {
  const trimmed = name.trim();
  if (!trimmed) return null;
  const win = windowsByLower.get(trimmed.toLowerCase());
  if (win) return { iana: win.iana, label: win.windows };
  if (IANAZone.isValidZone(trimmed)) return { iana: trimmed, label: trimmed };
  return null;
}

/** IANA -> Windows per CLDR; undefined when the zone is outside the table. */
export function ianaToWindows(iana: string): string | undefined {
  return ianaToWindowsMap.get(iana);
}

/** Windows -> CLDR golden IANA zone. */
export function windowsToIanaZone(windows: string): string | undefined {
  return windowsByLower.get(windows.toLowerCase())?.iana;
}

export type DateTimeTimeZone = { dateTime: string; timeZone?: string | null };

const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A `dateTimeTimeZone` -> instant (epoch ms). A missing timeZone means UTC (Graph's documented
 * default). An explicit offset in `dateTime` wins over `timeZone` [UNV: Graph behaviour not documented].
 */
export function parseDateTimeTimeZone(value: DateTimeTimeZone, field = "dateTime"): number {
  if (typeof value?.dateTime !== "string" || !localDateTime.test(value.dateTime)) {
    throw invalidRequest(
      `Cannot convert the literal '${String(value?.dateTime)}' to the expected type 'Edm.DateTime' (${field}).`,
    );
  }
  const zone = value.timeZone ? resolveZone(value.timeZone) : { iana: "UTC", label: "UTC" };
  if (!zone) throw timeZoneNotSupported(String(value.timeZone));
  const dt = DateTime.fromISO(value.dateTime, { zone: zone.iana, setZone: false });
  if (!dt.isValid) throw invalidRequest(`Invalid ${field}: ${value.dateTime}`);
  return dt.toMillis();
}

/** ISO offset date-time (calendarView startDateTime/endDateTime): the offset is used, none => UTC (§2). */
export function parseWindowBound(value: string): number | null {
  const dt = DateTime.fromISO(value, { zone: "UTC" });
  return dt.isValid ? dt.toMillis() : null;
}

/** "YYYY-MM-DDTHH:mm:ss.fffffff" (7 digits, no offset) for a wall-clock DateTime. */
export function formatGraphLocal(dt: DateTime): string {
  const fraction = String(dt.millisecond * 10000).padStart(7, "0");
  return `${dt.toFormat("yyyy-MM-dd'T'HH:mm:ss")}.${fraction}`;
}

/** Render an instant as Graph's `{dateTime, timeZone}` in the requested zone (UTC default). */
export function renderDateTimeTimeZone(instantMs: number, zone?: ResolvedZone): { dateTime: string; timeZone: string } {
  const z = zone ?? { iana: "UTC", label: "UTC" };
  return { dateTime: formatGraphLocal(DateTime.fromMillis(instantMs, { zone: z.iana })), timeZone: z.label };
}

/** Render a wall-clock time as-is (all-day events stay midnight-to-midnight in any zone, §1). */
export function renderWallClock(localIso: string, zone?: ResolvedZone): { dateTime: string; timeZone: string } {
  const dt = DateTime.fromISO(localIso, { zone: "UTC" });
  return { dateTime: formatGraphLocal(dt), timeZone: (zone ?? { label: "UTC" }).label };
}

/** DateTimeOffset in UTC with 7 digits, as createdDateTime/lastModifiedDateTime are shown (§4.1 example). */
export function formatUtcTimestamp(instantMs: number): string {
  return `${formatGraphLocal(DateTime.fromMillis(instantMs, { zone: "UTC" }))}Z`;
}

/** DateTimeOffset without fraction (originalStart, subscription expiry echo). */
export function formatUtcSeconds(instantMs: number): string {
  return `${DateTime.fromMillis(instantMs, { zone: "UTC" }).toFormat("yyyy-MM-dd'T'HH:mm:ss")}Z`;
}

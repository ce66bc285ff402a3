import { DateTime } from "luxon";
import type { AvailabilityRow } from "@/db/queries/availability";
import { availabilityStateLabels } from "@/lib/sync/availability-state";
import { isValidTimeZone } from "@/lib/time/zoned";

/** What the availability grid shows, computed on the server for one time zone (plain, serialisable). */
export type Day = {
  key: string;
  label: string;
  start: Date;
  end: Date;
  weekend: boolean;
  /** The clocks do not change during the day: its wall clock is the minutes since its start. */
  steady: boolean;
};
/**
 * One busy stretch of a day, as the wall clock reads it: minutes since midnight (0–1440), so the text
 * is made from them where it is drawn and the bar placed by them; `allDay` covers the whole day.
 * Minutes rather than strings keep the 60,000 blocks of 500 instructors' four weeks small to send.
 */
export type Block = {
  from: number;
  to: number;
  allDay?: true;
  kind: "external" | "internal" | "tentative";
  title: string;
};
export type GridRow = { id: string; name: string; unknown: string | null; cells: Block[][] };

export type GridParams = { zone: string; start: string; days: 7 | 28 };

/** The page's parameters, defaulted: this week's Monday in the zone, a week, UTC until the browser says otherwise. */
export function gridParams(raw: { tz?: string; start?: string; view?: string }, now: Date): GridParams {
  const zone = raw.tz && isValidTimeZone(raw.tz) ? raw.tz : "UTC";
  const requested = raw.start ? DateTime.fromISO(raw.start, { zone }) : null;
  const base = requested?.isValid ? requested : DateTime.fromJSDate(now, { zone });
  return { zone, start: base.startOf("week").toISODate()!, days: raw.view === "4weeks" ? 28 : 7 };
}

export function dayColumns({ zone, start, days }: GridParams): Day[] {
  const first = DateTime.fromISO(start, { zone }).startOf("day");
  return Array.from({ length: days }, (_, i) => {
    const day = first.plus({ days: i });
    return {
      key: day.toISODate()!,
      label: day.toFormat(days === 7 ? "ccc d LLL" : "ccc d"),
      start: day.toJSDate(),
      end: day.plus({ days: 1 }).toJSDate(),
      weekend: day.weekday >= 6,
      steady: day.offset === day.endOf("day").offset,
    };
  });
}

/** Wall-clock minutes in a zone, through Intl: only on the two days a year the clocks change. */
const clocks = new Map<string, Intl.DateTimeFormat>();
function wallMinutes(at: Date, zone: string): number {
  let format = clocks.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
    clocks.set(zone, format);
  }
  const [hours, minutes] = format.format(at).split(":").map(Number);
  return hours! * 60 + minutes!;
}

/** First day whose end is after `at` (days are in order). */
function firstDayEndingAfter(days: Day[], at: Date): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (days[mid]!.end <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * A row's busy time cut into days. Each block visits only the days it touches (a binary search for the
 * first): the 500-instructor page has ~60,000 blocks.
 */
export function gridRow(row: AvailabilityRow, days: Day[], zone: string): GridRow {
  const cells: Block[][] = days.map(() => []);
  for (const b of row.busy) {
    const kind = b.source === "internal" ? "internal" : b.tentative ? "tentative" : "external";
    const title = `${b.title} · ${b.label}${b.tentative ? " (tentative)" : ""}`;
    for (let i = firstDayEndingAfter(days, b.start); i < days.length && days[i]!.start < b.end; i++) {
      const day = days[i]!;
      if (b.allDay || (b.start <= day.start && b.end >= day.end)) {
        cells[i]!.push({ from: 0, to: 1440, allDay: true, kind, title });
        continue;
      }
      // A block running to the day's end ends at 1440, written "00:00" as calendars write midnight.
      const minutes = (at: Date) =>
        at >= day.end
          ? 1440
          : at <= day.start
            ? 0
            : day.steady
              ? Math.round((at.getTime() - day.start.getTime()) / 60_000)
              : wallMinutes(at, zone);
      cells[i]!.push({ from: minutes(b.start), to: minutes(b.end), kind, title });
    }
  }
  return {
    id: row.instructor.id,
    name: row.instructor.name,
    unknown: row.calendar.state === "synced" ? null : availabilityStateLabels[row.calendar.state],
    cells,
  };
}

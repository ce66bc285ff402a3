import { DateTime } from "luxon";
import type { AvailabilityRow } from "@/db/queries/availability";
import { availabilityStateLabels } from "@/lib/sync/availability-state";
import { isValidTimeZone } from "@/lib/time/zoned";

/** What the availability grid shows, computed on the server for one time zone (plain, serialisable). */
export type Day = { key: string; label: string; start: Date; end: Date; weekend: boolean };
/** One busy stretch of a day; `from` and `to` place it on the day's bar, in per cent of the day. */
export type Block = {
  text: string;
  title: string;
  kind: "external" | "internal" | "tentative";
  from: number;
  to: number;
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
    };
  });
}

/** "HH:mm" in a zone; one Intl formatter per zone (luxon per block dominated a 500-instructor render). */
const clocks = new Map<string, Intl.DateTimeFormat>();
function clock(at: Date, zone: string): string {
  let format = clocks.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
    clocks.set(zone, format);
  }
  return format.format(at);
}

export function gridRow(row: AvailabilityRow, days: Day[], zone: string): GridRow {
  const cells = days.map((day) =>
    row.busy
      .filter((b) => b.start < day.end && day.start < b.end)
      .map((b): Block => {
        const from = b.start > day.start ? b.start : day.start;
        const to = b.end < day.end ? b.end : day.end;
        const wholeDay = b.start <= day.start && b.end >= day.end;
        // The day's own length (23 or 25 hours on a clock change), so a bar is where its hours are.
        const length = day.end.getTime() - day.start.getTime();
        const place = (at: Date) => Math.round(((at.getTime() - day.start.getTime()) / length) * 1000) / 10;
        // A block running to the day's end reads "22:00–00:00", as calendars write midnight.
        const text = b.allDay || wholeDay ? "All day" : `${clock(from, zone)}–${clock(to, zone)}`;
        return {
          text,
          title: `${b.title} · ${b.label}${b.tentative ? " (tentative)" : ""}`,
          kind: b.source === "internal" ? "internal" : b.tentative ? "tentative" : "external",
          from: b.allDay || wholeDay ? 0 : place(from),
          to: b.allDay || wholeDay ? 100 : place(to),
        };
      }),
  );
  return {
    id: row.instructor.id,
    name: row.instructor.name,
    unknown: row.calendar.state === "synced" ? null : availabilityStateLabels[row.calendar.state],
    cells,
  };
}

import { DateTime } from "luxon";
import type { SchedulerEvent } from "@/db/queries/scheduler";
import { isValidTimeZone } from "@/lib/time/zoned";

/**
 * The scheduler's hour timeline, computed on the server in one zone (plain, serialisable): a day or a
 * week of days, each showing the same hours (widened to fit every session shown); per location, one
 * lane per booked instructor with their sessions placed on it, and, under a session in conflict, the
 * conflicting Outlook events or other bookings, so a planner sees what clashes and where.
 */
export type SchedulerParams = { zone: string; start: string; view: "day" | "week" };
export type AxisDay = { key: string; label: string; start: Date; weekend: boolean };
export type Axis = { days: AxisDay[]; fromHour: number; toHour: number; ticks: { label: string; left: number }[] };
export type Bar = {
  key: string;
  href: string;
  /** Visible text: "09:00–17:00 Course" (a day), "Course 09:00–17:00" (a week). */
  text: string;
  /** Everything, for the tooltip and screen readers. */
  description: string;
  title: string;
  left: number;
  width: number;
  /** Stacked rows within the lane, when bookings overlap. */
  row: number;
  conflicts: number;
  draft: boolean;
};
export type ClashMark = { key: string; left: number; width: number; title: string };
export type Lane = { key: string; name: string; bars: Bar[]; clashes: ClashMark[]; rows: number; conflicts: number };
export type LocationBlock = { key: string; name: string; lanes: Lane[] };

const NOBODY = "Nobody booked";

export function schedulerParams(raw: { tz?: string; start?: string; view?: string }, now: Date): SchedulerParams {
  const zone = raw.tz && isValidTimeZone(raw.tz) ? raw.tz : "UTC";
  const view = raw.view === "day" ? "day" : "week";
  const requested = raw.start ? DateTime.fromISO(raw.start, { zone }) : null;
  const base = requested?.isValid ? requested : DateTime.fromJSDate(now, { zone });
  return { zone, view, start: (view === "week" ? base.startOf("week") : base.startOf("day")).toISODate()! };
}

/** The instants the page asks the database about: its days, whole. */
export function schedulerRange({ zone, start, view }: SchedulerParams) {
  const first = DateTime.fromISO(start, { zone }).startOf("day");
  return { from: first.toJSDate(), to: first.plus({ days: view === "week" ? 7 : 1 }).toJSDate() };
}

export function schedulerAxis(params: SchedulerParams, events: SchedulerEvent[]): Axis {
  const { zone, start, view } = params;
  const first = DateTime.fromISO(start, { zone }).startOf("day");
  const count = view === "week" ? 7 : 1;
  const days = Array.from({ length: count }, (_, i) => {
    const day = first.plus({ days: i });
    return {
      key: day.toISODate()!,
      label: day.toFormat(view === "week" ? "ccc d LLL" : "cccc d LLLL yyyy"),
      start: day.toJSDate(),
      weekend: day.weekday >= 6,
    };
  });
  // Working hours, widened to fit every session shown.
  let fromHour = 8;
  let toHour = 18;
  const { from, to } = schedulerRange(params);
  for (const event of events)
    for (const s of event.sessions) {
      if (s.endsAt <= from || s.startsAt >= to) continue;
      const a = DateTime.fromJSDate(s.startsAt < from ? from : s.startsAt, { zone });
      const b = DateTime.fromJSDate(s.endsAt > to ? to : s.endsAt, { zone });
      if (!a.hasSame(b, "day") && !(b.hour === 0 && b.minute === 0 && b.minus({ minutes: 1 }).hasSame(a, "day")))
        return axisOf(days, 0, 24);
      fromHour = Math.min(fromHour, a.hour);
      toHour = Math.max(toHour, b.hour === 0 && b.minute === 0 && b > a ? 24 : Math.ceil(b.hour + b.minute / 60));
    }
  return axisOf(days, fromHour, toHour);
}

function axisOf(days: AxisDay[], fromHour: number, toHour: number): Axis {
  const hours = toHour - fromHour;
  const week = days.length > 1;
  const step = week ? (hours > 12 ? 6 : 2) : 1;
  const ticks = days.flatMap((_, d) =>
    Array.from({ length: Math.floor(hours / step) + (week ? 0 : 1) }, (_, i) => {
      const hour = String((fromHour + i * step) % 24).padStart(2, "0");
      return {
        // A week's day is ~120 px wide: "14" fits between two ticks, "14:00" ran into the next one.
        label: week ? hour : `${hour}:00`,
        left: ((d + (i * step) / hours) / days.length) * 100,
      };
    }),
  );
  return { days, fromHour, toHour, ticks };
}

/** Where an instant falls on the axis, in percent; instants outside the shown hours are held to its edges. */
export function position(axis: Axis, at: Date, zone: string): number {
  const local = DateTime.fromJSDate(at, { zone });
  const n = axis.days.length;
  let day = axis.days.findIndex((d) => d.key === local.toISODate());
  if (day < 0) return at < axis.days[0]!.start ? 0 : 100;
  let hour = local.hour + local.minute / 60;
  // Midnight that ends a day belongs to that day's end.
  if (hour === 0 && day > 0 && axis.toHour === 24) {
    day -= 1;
    hour = 24;
  }
  const within = Math.min(1, Math.max(0, (hour - axis.fromHour) / (axis.toHour - axis.fromHour)));
  return ((day + within) / n) * 100;
}

export function schedulerTimeline(events: SchedulerEvent[], axis: Axis, zone: string): LocationBlock[] {
  const blocks = new Map<string, LocationBlock>();
  const laneOf = (block: LocationBlock, key: string, name: string) => {
    let lane = block.lanes.find((l) => l.key === key);
    if (!lane) {
      lane = { key, name, bars: [], clashes: [], rows: 1, conflicts: 0 };
      block.lanes.push(lane);
    }
    return lane;
  };
  const time = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat("HH:mm");
  const place = (start: Date, end: Date) => {
    const left = position(axis, start, zone);
    return { left, width: Math.max(0.4, position(axis, end, zone) - left) };
  };
  for (const event of events) {
    const key = event.location?.id ?? "none";
    let block = blocks.get(key);
    if (!block) {
      block = { key, name: event.location?.name ?? "No location", lanes: [] };
      blocks.set(key, block);
    }
    const people = event.instructors.length ? event.instructors : [{ id: "nobody", name: NOBODY, conflicts: [] }];
    for (const person of people) {
      const lane = laneOf(block, person.id, person.name);
      for (const session of event.sessions) {
        const { left, width } = place(session.startsAt, session.endsAt);
        if (left >= 100 || left + width <= 0) continue;
        const conflicts = person.conflicts.filter((c) => c.sessionId === session.id);
        const when = `${DateTime.fromJSDate(session.startsAt, { zone }).toFormat("ccc d LLL")}, ${time(session.startsAt)}–${time(session.endsAt)}`;
        const clash = conflicts.map((c) => `${c.title} (${c.label})`).join("; ");
        lane.conflicts += conflicts.length;
        lane.bars.push({
          key: `${event.id}-${session.id}`,
          href: `/events/${event.id}#instructors`,
          // A week's bar is a few dozen pixels: the course's name first, its place on the axis says when.
          text:
            axis.days.length > 1
              ? `${event.title} ${time(session.startsAt)}–${time(session.endsAt)}`
              : `${time(session.startsAt)}–${time(session.endsAt)} ${event.title}`,
          title: conflicts.length
            ? `${conflicts.length} conflict${conflicts.length === 1 ? "" : "s"}: ${clash}`
            : event.title,
          description: `${event.title}${event.lifecycle === "draft" ? " (draft)" : ""}, ${when}, ${person.name}: ${
            conflicts.length
              ? `${conflicts.length} conflict${conflicts.length === 1 ? "" : "s"}: ${clash}`
              : "no conflicts"
          }`,
          left,
          width,
          row: 0,
          conflicts: conflicts.length,
          draft: event.lifecycle === "draft",
        });
        for (const [i, c] of conflicts.entries())
          lane.clashes.push({
            key: `${session.id}-${i}`,
            ...place(
              c.start > session.startsAt ? c.start : session.startsAt,
              c.end < session.endsAt ? c.end : session.endsAt,
            ),
            title: `${c.title} (${c.label})`,
          });
      }
    }
  }
  for (const block of blocks.values()) {
    for (const lane of block.lanes) stack(lane);
    block.lanes.sort((a, b) => Number(a.name === NOBODY) - Number(b.name === NOBODY) || a.name.localeCompare(b.name));
  }
  return [...blocks.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Each location with an axis of its own: its sessions' hours, so one overnight session elsewhere (a
 * Singapore course seen from New York) does not stretch every location's days to 24 hours.
 */
export function schedulerBoard(params: SchedulerParams, events: SchedulerEvent[]) {
  const byLocation = new Map<string, SchedulerEvent[]>();
  for (const event of events) {
    const key = event.location?.id ?? "none";
    byLocation.set(key, [...(byLocation.get(key) ?? []), event]);
  }
  return [...byLocation.values()]
    .map((group) => {
      const axis = schedulerAxis(params, group);
      return { axis, block: schedulerTimeline(group, axis, params.zone)[0]! };
    })
    .sort((a, b) => a.block.name.localeCompare(b.block.name));
}

/** Overlapping bookings in one lane go on rows of their own (first free row). */
function stack(lane: Lane) {
  const ends: number[] = [];
  for (const bar of lane.bars.sort((a, b) => a.left - b.left)) {
    let row = ends.findIndex((end) => end <= bar.left);
    if (row < 0) row = ends.push(0) - 1;
    ends[row] = bar.left + bar.width;
    bar.row = row;
  }
  lane.rows = Math.max(1, ends.length);
}

import { describe, expect, it } from "vitest";
import type { SchedulerEvent } from "@/db/queries/scheduler";
import type { Conflict } from "@/lib/sync/conflict-rules";
import { position, schedulerAxis, schedulerBoard, schedulerParams, schedulerTimeline } from "./scheduler-view";

const at = (iso: string) => new Date(iso);
const event = (id: string, sessions: [string, string][], people: SchedulerEvent["instructors"]): SchedulerEvent => ({
  id,
  title: `Course ${id}`,
  lifecycle: "active",
  timeZone: "Europe/London",
  location: { id: "loc", name: "London" },
  sessions: sessions.map(([s, e], i) => ({ id: `${id}-s${i}`, startsAt: at(s), endsAt: at(e) })),
  instructors: people,
});
const clash = (sessionId: string, start: string, end: string): Conflict => ({
  source: "external",
  sessionId,
  start: at(start),
  end: at(end),
  allDay: false,
  allDayStartDate: null,
  allDayEndDate: null,
  title: "Private",
  showAs: "busy",
  response: "organizer",
  tentative: false,
  label: "Busy · Organiser",
  eventId: null,
});

describe("schedulerParams", () => {
  it("starts a week on its Monday and a day on itself, in the chosen zone", () => {
    const now = at("2026-06-03T12:00:00Z");
    expect(schedulerParams({ tz: "Europe/London" }, now)).toEqual({
      zone: "Europe/London",
      view: "week",
      start: "2026-06-01",
    });
    expect(schedulerParams({ tz: "Nowhere/City", view: "day", start: "2026-06-04" }, now)).toEqual({
      zone: "UTC",
      view: "day",
      start: "2026-06-04",
    });
  });
});

describe("the hour timeline", () => {
  const params = { zone: "Europe/London", view: "day" as const, start: "2026-06-01" };

  it("shows working hours, widened to fit the sessions, and places instants on them", () => {
    const early = event("a", [["2026-06-01T06:00:00Z", "2026-06-01T16:00:00Z"]], []); // 07:00–17:00 BST
    const axis = schedulerAxis(params, [early]);
    expect([axis.fromHour, axis.toHour]).toEqual([7, 18]);
    expect(position(axis, at("2026-06-01T06:00:00Z"), params.zone)).toBe(0);
    expect(position(axis, at("2026-06-01T17:00:00Z"), params.zone)).toBe(100);
    expect(position(axis, at("2026-06-01T11:30:00Z"), params.zone)).toBe(50);
    expect(position(axis, at("2026-05-31T11:30:00Z"), params.zone)).toBe(0);
  });

  it("puts a week's days side by side", () => {
    const axis = schedulerAxis({ ...params, view: "week" }, []);
    expect(axis.days.map((d) => d.key)).toEqual([
      "2026-06-01",
      "2026-06-02",
      "2026-06-03",
      "2026-06-04",
      "2026-06-05",
      "2026-06-06",
      "2026-06-07",
    ]);
    // 13:00 on the second day: a day and a half of working hours along, of seven.
    expect(position(axis, at("2026-06-02T12:00:00Z"), "Europe/London")).toBeCloseTo((1.5 / 7) * 100);
  });

  it("gives each booked instructor a lane, marks conflicts and when they clash, and stacks overlapping bookings", () => {
    const a = event(
      "a",
      [["2026-06-01T08:00:00Z", "2026-06-01T16:00:00Z"]],
      [{ id: "lena", name: "Lena", conflicts: [clash("a-s0", "2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z")] }],
    );
    const b = event(
      "b",
      [["2026-06-01T12:00:00Z", "2026-06-01T14:00:00Z"]],
      [{ id: "lena", name: "Lena", conflicts: [] }],
    );
    const nobody = event("c", [["2026-06-01T09:00:00Z", "2026-06-01T10:00:00Z"]], []);
    const axis = schedulerAxis(params, [a, b, nobody]);
    const [london] = schedulerTimeline([a, b, nobody], axis, params.zone);
    expect(london!.lanes.map((l) => l.name)).toEqual(["Lena", "Nobody booked"]);
    const lena = london!.lanes[0]!;
    expect(lena.rows).toBe(2);
    expect(lena.conflicts).toBe(1);
    expect(lena.bars.map((bar) => [bar.text, bar.conflicts, bar.row])).toEqual([
      ["09:00–17:00 Course a", 1, 0],
      ["13:00–15:00 Course b", 0, 1],
    ]);
    expect(lena.bars[0]!.title).toBe("1 conflict: Private (Busy · Organiser)");
    expect(lena.bars[0]!.description).toBe(
      "Course a, Mon 1 Jun, 09:00–17:00, Lena: 1 conflict: Private (Busy · Organiser)",
    );
    expect(lena.clashes).toEqual([expect.objectContaining({ left: 30, width: 10 })]);
  });
});

describe("the board", () => {
  it("gives each location its own hours, so an overnight session elsewhere does not widen them", () => {
    const params = { zone: "America/New_York", view: "week" as const, start: "2026-06-01" };
    const day = event("a", [["2026-06-02T13:00:00Z", "2026-06-02T21:00:00Z"]], []); // 09:00–17:00 EDT
    const night = { ...event("b", [["2026-06-03T00:00:00Z", "2026-06-03T08:00:00Z"]], []), location: null };
    const board = schedulerBoard(params, [day, night]);
    expect(board.map((b) => [b.block.name, b.axis.fromHour, b.axis.toHour])).toEqual([
      ["London", 8, 18],
      ["No location", 0, 24],
    ]);
    expect(board[0]!.block.lanes[0]!.bars[0]!.text).toBe("Course a 09:00–17:00");
    expect(board[0]!.axis.ticks.slice(0, 3).map((t) => t.label)).toEqual(["08", "10", "12"]);
  });
});

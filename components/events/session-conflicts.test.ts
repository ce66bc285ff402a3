import { describe, expect, it } from "vitest";
import type { CandidateConflicts } from "@/db/queries/event-conflicts";
import type { Conflict } from "@/lib/sync/conflict-rules";
import { sessionConflictViews } from "./session-conflicts";

const offsite = (sessionId: string): Conflict => ({
  source: "external",
  sessionId,
  start: new Date("2027-01-12T00:00:00Z"),
  end: new Date("2027-01-14T00:00:00Z"),
  allDay: true,
  allDayStartDate: "2027-01-12",
  allDayEndDate: "2027-01-14",
  title: "Team offsite",
  showAs: "oof",
  response: null,
  tentative: false,
  label: "Out of office · Organiser",
  eventId: null,
});
const meeting: Conflict = {
  ...offsite("s1"),
  start: new Date("2027-01-12T10:00:00Z"),
  end: new Date("2027-01-12T11:00:00Z"),
  allDay: false,
  allDayStartDate: null,
  allDayEndDate: null,
  title: "Private",
  label: "Busy · Organiser",
};
const sessions = [
  { id: "s1", name: null, startsAt: new Date("2027-01-12T09:00:00Z"), endsAt: new Date("2027-01-12T17:00:00Z") },
  { id: "s2", name: "Day 2", startsAt: new Date("2027-01-13T09:00:00Z"), endsAt: new Date("2027-01-13T17:00:00Z") },
  { id: "s3", name: null, startsAt: new Date("2027-01-20T09:00:00Z"), endsAt: new Date("2027-01-20T17:00:00Z") },
];
const candidate = (conflicts: Conflict[]) =>
  ({ instructor: { timeZone: "Europe/London" }, conflicts }) as unknown as CandidateConflicts;

describe("sessionConflictViews", () => {
  it("lists an all-day offsite once under each session it hits, and leaves free sessions out", () => {
    const views = sessionConflictViews(
      candidate([offsite("s1"), meeting, offsite("s1"), offsite("s2")]),
      sessions,
      "Europe/London",
    );
    expect(views.map((v) => [v.label, v.conflicts.map((c) => c.title)])).toEqual([
      ["Session 1 · Tue 12 Jan 2027, 09:00–17:00 GMT", ["Team offsite", "Private"]],
      ["Day 2 · Wed 13 Jan 2027, 09:00–17:00 GMT", ["Team offsite"]],
    ]);
  });

  it("places the session and each conflict on a strip an hour either side, in the event's clock", () => {
    const [view] = sessionConflictViews(candidate([meeting, offsite("s1")]), sessions, "Europe/London");
    expect(view!.axis).toEqual({ start: "08:00", end: "18:00" });
    expect(view!.session).toEqual({ left: 10, width: 80 });
    expect(view!.conflicts.map(({ left, width }) => [left, width])).toEqual([
      [20, 10],
      [0, 100],
    ]);
  });
});

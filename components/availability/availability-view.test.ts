import { describe, expect, it } from "vitest";
import type { AvailabilityRow } from "@/db/queries/availability";
import type { Conflict } from "@/lib/sync/conflict-rules";
import { dayColumns, gridRow } from "./availability-view";
import { blockText } from "./block-text";

const busy = (start: string, end: string): Conflict => ({
  source: "external",
  sessionId: "s",
  start: new Date(start),
  end: new Date(end),
  allDay: false,
  allDayStartDate: null,
  allDayEndDate: null,
  title: "Busy",
  showAs: "busy",
  response: null,
  tentative: false,
  label: "Busy",
  eventId: null,
});

const row = (...blocks: Conflict[]) =>
  ({
    instructor: { id: "i", name: "Lena" },
    calendar: { state: "synced" },
    busy: blocks,
  }) as unknown as AvailabilityRow;

describe("gridRow", () => {
  const days = dayColumns({ zone: "Europe/London", start: "2027-01-11", days: 7 });

  it("writes a block that runs to midnight as ending at 00:00, never 24:00", () => {
    const cells = gridRow(row(busy("2027-01-11T22:00:00Z", "2027-01-12T00:00:00Z")), days, "Europe/London").cells;
    expect(cells[0]!.map(blockText)).toEqual(["22:00–00:00"]);
  });

  it("splits a block across midnight into the evening and the next morning", () => {
    const cells = gridRow(row(busy("2027-01-11T22:00:00Z", "2027-01-12T02:00:00Z")), days, "Europe/London").cells;
    expect(cells[0]!.map(blockText)).toEqual(["22:00–00:00"]);
    expect(cells[1]!.map(blockText)).toEqual(["00:00–02:00"]);
  });

  it("places each block by its wall-clock minutes, and an all-day one over the whole day", () => {
    const cells = gridRow(row(busy("2027-01-11T09:00:00Z", "2027-01-11T15:00:00Z")), days, "Europe/London").cells;
    expect(cells[0]!.map(({ from, to }) => [from, to])).toEqual([[540, 900]]);
    const long = gridRow(row(busy("2027-01-11T20:00:00Z", "2027-01-13T02:00:00Z")), days, "Europe/London").cells;
    expect(long.slice(0, 3).map((c) => c.map(blockText))).toEqual([["20:00–00:00"], ["All day"], ["00:00–02:00"]]);
  });

  it("reads a clock-change day by its wall clock", () => {
    const spring = dayColumns({ zone: "Europe/London", start: "2027-03-22", days: 7 });
    // Sunday 28 March 2027: 11:00 UTC is 12:00 BST, 22:00 UTC is 23:00.
    const cells = gridRow(row(busy("2027-03-28T11:00:00Z", "2027-03-28T22:00:00Z")), spring, "Europe/London").cells;
    expect(cells[6]!.map((b) => [b.from, b.to, blockText(b)])).toEqual([[720, 1380, "12:00–23:00"]]);
  });
});

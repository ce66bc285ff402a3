import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { assignments } from "../schema";
import { openPglite, type OpenedDb } from "../open";
import { listEvents } from "../queries/events";
import { listInstructors } from "../queries/instructors";
import { listLocationsWithVenues } from "../queries/locations";
import { seedDemoDataIfEmpty } from "./seed-demo";

// Always a fresh PGlite: the seed is what the embedded default shows on first start.
let opened: OpenedDb;
const now = new Date("2026-11-24T12:00:00Z");
beforeAll(async () => {
  opened = await openPglite();
});
afterAll(() => opened.close());

it("seeds the demo organisation once", async () => {
  expect(await seedDemoDataIfEmpty(opened.db, { now })).toBe(true);
  expect(await seedDemoDataIfEmpty(opened.db, { now })).toBe(false);

  const locations = await listLocationsWithVenues(opened.db);
  expect(locations.map((l) => l.timeZone).sort()).toEqual(["America/New_York", "Asia/Singapore", "Europe/London"]);
  expect((await listInstructors(opened.db)).length).toBe(12);

  const events = await listEvents(opened.db);
  expect(events.length).toBe(25);
  const count = (lifecycle: string) => events.filter((e) => e.event.lifecycle === lifecycle).length;
  expect(count("cancelled")).toBe(1);
  expect(count("draft")).toBeGreaterThanOrEqual(3);
  expect(events.filter((e) => e.sessions.length > 1).length).toBeGreaterThanOrEqual(5);
  // Multi-day courses run on consecutive working days: never two sessions on one date, never a weekend.
  for (const e of events) {
    const dates = e.sessions.map((s) => DateTime.fromJSDate(s.startsAt, { zone: e.timeZone }));
    expect(new Set(dates.map((d) => d.toISODate())).size).toBe(dates.length);
    for (const d of dates) expect(d.weekday).toBeLessThanOrEqual(5);
  }
  const threeMonths = new Date("2027-02-24T12:00:00Z");
  for (const e of events) {
    expect(e.sessions[0]!.startsAt > now).toBe(true);
    expect(e.sessions.at(-1)!.endsAt < threeMonths).toBe(true);
  }
  const [row] = await opened.db.select({ assigned: sql<number>`count(*)::int` }).from(assignments);
  expect(row!.assigned).toBeGreaterThan(25);
});

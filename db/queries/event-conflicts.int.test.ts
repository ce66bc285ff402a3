/**
 * The assignment panel's read model over a real database: the mirror, other bookings, sync_runs and
 * the organisation's settings combined by the pure rules; and confirming an assignment despite
 * conflicts. On PostgreSQL (DATABASE_URL), EXPLAIN shows the board's range query on a GiST index.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDb } from "@/db/open";
import { adminUsers, calendarConnections, syncRuns } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeEvent, makeInstructor, makeLocation, makeMirrorEvent } from "@/db/testing/factories";
import type { ServiceContext } from "@/lib/context/service-context";
import { ConflictError } from "@/lib/errors";
import { assignCheckingConflicts } from "@/lib/services/conflicts/assign-checking-conflicts";
import { saveConflictSettings } from "@/lib/services/conflicts/save-conflict-settings";
import { assignInstructor } from "@/lib/services/training/assign-instructor";
import { defaultConflictSettings } from "@/lib/sync/conflict-settings";
import type { MirrorEvent } from "@/lib/sync/mirror-event";
import { testContext } from "@/lib/testing/test-context";
import { eventConflictBoard } from "./event-conflicts";
import { writeMirrorChanges } from "./mirror";
import { schedulerEvents } from "./scheduler";
import { sessionBusyQuery } from "./session-busy";

const NOW = new Date("2026-11-24T12:00:00Z");
let opened: OpenedDb;
let ctx: ServiceContext;
let adminId: string;
beforeAll(async () => {
  opened = await createTestDb();
  ctx = testContext({ db: opened.db, now: () => NOW });
  const tag = randomUUID().slice(0, 8);
  [{ id: adminId }] = (await opened.db
    .insert(adminUsers)
    .values({ email: `${tag}@admins.test`, name: `Planner ${tag}`, role: "coordinator" })
    .returning({ id: adminUsers.id })) as [{ id: string }];
});
afterAll(() => opened.close());

const mirrorEvent = (graphId: string, start: string, end: string, extra: Partial<MirrorEvent> = {}): MirrorEvent =>
  makeMirrorEvent(graphId, new Date(start), new Date(end), extra);

/** A connected instructor with a mirror and, unless `lastPull` is null, a successful pull at that time. */
async function connected(timeZone: string, events: MirrorEvent[], lastPull: Date | null = NOW) {
  const instructor = await makeInstructor(ctx, { timeZone });
  const [connection] = await opened.db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status: "connected", privacyMode: "default" })
    .returning();
  if (lastPull)
    await opened.db.insert(syncRuns).values({
      connectionId: connection!.id,
      trigger: "hourly",
      kind: "pull",
      status: "succeeded",
      startedAt: lastPull,
      finishedAt: lastPull,
    });
  await writeMirrorChanges(
    opened.db,
    connection!.id,
    { upserts: events.map((event) => ({ event, added: true })), deletes: [] },
    NOW,
  );
  return { instructor, connectionId: connection!.id };
}

describe("eventConflictBoard", () => {
  it("gives every instructor's calendar state and conflicts with the event's sessions", async () => {
    const newYork = await makeLocation(ctx, { timeZone: "America/New_York" });
    // 09:00–17:00 New York = 14:00–22:00 UTC.
    const event = await makeEvent(ctx, {
      locationId: newYork.id,
      sessions: [{ start: "2026-12-01T09:00", end: "2026-12-01T17:00" }],
    });
    const london = await connected("Europe/London", [
      mirrorEvent("private", "2026-12-01T15:00:00Z", "2026-12-01T16:00:00Z", { isPrivate: true, title: null }),
      mirrorEvent("ours", "2026-12-01T14:00:00Z", "2026-12-01T22:00:00Z", { isOurs: true }),
      mirrorEvent("free", "2026-12-01T17:00:00Z", "2026-12-01T18:00:00Z", { showAs: "free" }),
      mirrorEvent("next-day", "2026-12-02T15:00:00Z", "2026-12-02T16:00:00Z"),
    ]);
    // 1 December in Tokyo ends at 15:00 UTC, inside the session.
    const tokyo = await connected("Asia/Tokyo", [
      mirrorEvent("holiday", "2026-11-30T15:00:00Z", "2026-12-01T15:00:00Z", {
        allDayStartDate: "2026-12-01",
        allDayEndDate: "2026-12-02",
        showAs: "oof",
      }),
    ]);
    const stale = await connected("Europe/London", [], new Date(NOW.getTime() - 4 * 3_600_000));
    const notConnected = await makeInstructor(ctx);
    const otherEvent = await makeEvent(ctx, {
      title: "Other course",
      lifecycle: "draft",
      locationId: newYork.id,
      sessions: [{ start: "2026-12-01T16:00", end: "2026-12-01T18:00" }],
    });
    await assignInstructor({ ctx, eventId: otherEvent.event.id, instructorId: notConnected.id, input: {} });

    const board = await eventConflictBoard(opened.db, { eventId: event.event.id, now: NOW });
    const of = (id: string) => board!.candidates.find((c) => c.instructor.id === id)!;

    expect(of(london.instructor.id).calendar).toMatchObject({
      state: "synced",
      privacyMode: "default",
      lastPullAt: NOW,
    });
    expect(of(london.instructor.id).conflicts).toEqual([
      expect.objectContaining({
        source: "external",
        title: "Private",
        start: new Date("2026-12-01T15:00:00Z"),
        label: "Busy · Organiser",
        tentative: false,
      }),
    ]);
    expect(of(tokyo.instructor.id).conflicts).toEqual([
      expect.objectContaining({ allDay: true, allDayStartDate: "2026-12-01", label: "Out of office · Organiser" }),
    ]);
    expect(of(stale.instructor.id).calendar.state).toBe("stale");
    expect(of(notConnected.id).calendar.state).toBe("not_connected");
    expect(of(notConnected.id).conflicts).toEqual([
      expect.objectContaining({ source: "internal", title: "Other course", label: "Internal booking (draft)" }),
    ]);
  });

  it("asks for confirmation before booking someone with conflicts, and records who confirmed", async () => {
    const event = await makeEvent(ctx, { sessions: [{ start: "2026-12-03T09:00", end: "2026-12-03T17:00" }] });
    const busy = await connected("America/New_York", [
      mirrorEvent("meeting", "2026-12-03T15:00:00Z", "2026-12-03T16:00:00Z"),
    ]);
    const free = await connected("America/New_York", []);
    const assign = (instructorId: string, confirmConflicts: boolean) =>
      assignCheckingConflicts({
        ctx,
        eventId: event.event.id,
        instructorId,
        adminId,
        input: { role: "lead", confirmConflicts },
      });

    await expect(assign(busy.instructor.id, false)).rejects.toThrow(ConflictError);
    await expect(assign(free.instructor.id, false)).resolves.toMatchObject({ created: true, conflicts: 0 });
    await expect(assign(busy.instructor.id, true)).resolves.toMatchObject({ created: true, conflicts: 1 });

    const board = await eventConflictBoard(opened.db, { eventId: event.event.id, now: NOW });
    const of = (id: string) => board!.candidates.find((c) => c.instructor.id === id)!;
    expect(of(busy.instructor.id).assignment).toEqual({
      role: "lead",
      override: { count: 1, at: NOW, byName: expect.stringMatching(/^Planner /) },
    });
    expect(of(free.instructor.id).assignment).toEqual({ role: "lead", override: null });
  });

  it("follows the organisation's settings", async () => {
    const event = await makeEvent(ctx, { sessions: [{ start: "2026-12-04T09:00", end: "2026-12-04T17:00" }] });
    const person = await connected("America/New_York", [
      mirrorEvent("maybe", "2026-12-04T15:00:00Z", "2026-12-04T16:00:00Z", {
        showAs: "tentative",
        response: "tentativelyAccepted",
      }),
    ]);
    const conflictsNow = async () =>
      (await eventConflictBoard(opened.db, {
        eventId: event.event.id,
        now: NOW,
        instructorIds: [person.instructor.id],
      }))!.candidates[0]!.conflicts;
    try {
      expect(await conflictsNow()).toEqual([expect.objectContaining({ tentative: true })]);
      await saveConflictSettings({ ctx, adminId, input: { ...defaultConflictSettings, tentative: false } });
      expect(await conflictsNow()).toEqual([]);
    } finally {
      await saveConflictSettings({ ctx, adminId, input: defaultConflictSettings });
    }
  });
});

describe("schedulerEvents", () => {
  it("lists the range's draft and active events with each booked instructor's conflicts per session", async () => {
    const event = await makeEvent(ctx, {
      lifecycle: "draft",
      sessions: [
        { start: "2026-12-07T09:00", end: "2026-12-07T12:00" },
        { start: "2026-12-08T09:00", end: "2026-12-08T12:00" },
      ],
    });
    const busy = await connected("America/New_York", [
      mirrorEvent("dentist", "2026-12-08T15:00:00Z", "2026-12-08T16:00:00Z"),
    ]);
    const free = await connected("America/New_York", []);
    await assignInstructor({ ctx, eventId: event.event.id, instructorId: busy.instructor.id, input: {} });
    await assignInstructor({ ctx, eventId: event.event.id, instructorId: free.instructor.id, input: {} });
    const cancelled = await makeEvent(ctx, { sessions: [{ start: "2026-12-07T09:00", end: "2026-12-07T10:00" }] });
    await opened.db.execute(sql`update events set lifecycle = 'cancelled' where id = ${cancelled.event.id}`);

    const events = await schedulerEvents(opened.db, {
      from: new Date("2026-12-07T00:00:00Z"),
      to: new Date("2026-12-14T00:00:00Z"),
    });
    expect(events.some((e) => e.id === cancelled.event.id)).toBe(false);
    const found = events.find((e) => e.id === event.event.id)!;
    expect(found).toMatchObject({ lifecycle: "draft", timeZone: "America/New_York" });
    const conflictsOf = (id: string) => found.instructors.find((i) => i.id === id)!.conflicts;
    expect(conflictsOf(busy.instructor.id)).toEqual([
      expect.objectContaining({ sessionId: found.sessions[1]!.id, title: "dentist" }),
    ]);
    expect(conflictsOf(free.instructor.id)).toEqual([]);
  });
});

describe.runIf(process.env.DATABASE_URL)("the board's mirror query on PostgreSQL", () => {
  it("is answered by the mirror's range indexes for every candidate at once", async () => {
    const people = [];
    for (let i = 0; i < 40; i++)
      people.push(
        await connected(
          "Europe/London",
          // Two events a day for a year: the event's range touches a handful per instructor.
          Array.from({ length: 730 }, (_, d) => {
            const start = new Date(Date.UTC(2026, 0, 1, 8) + d * 12 * 3_600_000);
            return mirrorEvent(`e${d}`, start.toISOString(), new Date(start.getTime() + 3_600_000).toISOString());
          }),
        ),
      );
    await opened.db.execute(sql`analyze external_events`);
    const sessions = [0, 1, 2, 3, 4].map((d) => ({
      start: new Date(Date.UTC(2026, 5, 1 + d, 13)),
      end: new Date(Date.UTC(2026, 5, 1 + d, 21)),
    }));
    const query = sessionBusyQuery(opened.db, {
      instructorIds: people.map((p) => p.instructor.id),
      sessions,
      settings: defaultConflictSettings,
    });
    const plan = JSON.stringify(await opened.db.execute(sql`explain (format json) ${query}`));
    // Short timed events by where they start (btree), long ones and all-day ones by range (GiST).
    expect(plan).toMatch(/"Index Name":"external_events_short_starts_idx"/);
    expect(plan).toMatch(/"Index Name":"external_events_long_during_idx"/);
    expect(plan).toMatch(/"Index Name":"external_events_all_day_during_idx"/);
    expect(plan).not.toMatch(
      /"Seq Scan","Parallel Aware":(true|false),"Async Capable":(true|false),"Relation Name":"external_events"/,
    );
  });
});

/**
 * The mirror tables and the one range query Conflicts and `/busy` use, on PGlite (btree_gist
 * loaded) and, with DATABASE_URL, on PostgreSQL, where EXPLAIN shows the GiST index answering it.
 */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDb } from "@/db/open";
import { calendarConnections, externalEvents, instructors } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeMirrorEvent } from "@/db/testing/factories";
import type { MirrorEvent } from "@/lib/sync/mirror-event";
import { busyIntervals, busyIntervalsQuery } from "./busy-intervals";
import { mirrorOf, writeMirrorChanges } from "./mirror";

let opened: OpenedDb;
beforeAll(async () => {
  opened = await createTestDb();
});
afterAll(() => opened.close());

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 5, 1, 8);
const at = (hours: number) => new Date(T0 + hours * HOUR);

async function connection(privacyMode: "default" | "full_private" = "default", timeZone = "Europe/London") {
  const tag = randomUUID().slice(0, 8);
  const [instructor] = await opened.db
    .insert(instructors)
    .values({ name: `Instructor ${tag}`, email: `${tag}@busy.test`, timeZone })
    .returning();
  const [row] = await opened.db
    .insert(calendarConnections)
    .values({ instructorId: instructor!.id, status: "connected", privacyMode })
    .returning();
  return { instructorId: instructor!.id, connectionId: row!.id };
}

const event = (graphId: string, startHour: number, hours: number, extra: Partial<MirrorEvent> = {}): MirrorEvent =>
  makeMirrorEvent(graphId, at(startHour), at(startHour + hours), extra);

async function mirror(connectionId: string, events: MirrorEvent[]) {
  await writeMirrorChanges(
    opened.db,
    connectionId,
    { upserts: events.map((e) => ({ event: e, added: true })), deletes: [] },
    new Date(),
  );
}

describe("busyIntervals", () => {
  it("returns every instructor's events overlapping [from, to) in one query, ours left out", async () => {
    const ann = await connection();
    const bob = await connection("full_private", "America/New_York");
    const nobody = await connection();
    await mirror(ann.connectionId, [
      event("before", -3, 2), // ends 1 h before the range
      event("touching", -1, 1), // ends exactly at `from`: half-open, not busy
      event("overlapping-start", -1, 2),
      event("inside", 2, 1, { showAs: "tentative", response: "tentativelyAccepted", isOrganizer: false }),
      event("ours", 3, 1, { isOurs: true }),
      event("private", 4, 1, { isPrivate: true, title: null }),
      event("after", 8, 1),
    ]);
    await mirror(bob.connectionId, [
      event("bob-all-day", -8, 24, {
        allDayStartDate: "2026-06-01",
        allDayEndDate: "2026-06-02",
        title: "left over from Default mode",
      }),
    ]);

    const rows = await busyIntervals(opened.db, {
      instructorIds: [ann.instructorId, bob.instructorId, nobody.instructorId],
      from: at(0),
      to: at(8),
    });

    const byInstructor = (id: string) => rows.filter((r) => r.instructorId === id);
    expect(byInstructor(ann.instructorId).map((r) => [r.title, r.startsAt.toISOString()])).toEqual([
      ["overlapping-start", at(-1).toISOString()],
      ["inside", at(2).toISOString()],
      [null, at(4).toISOString()],
    ]);
    expect(byInstructor(ann.instructorId)[1]).toMatchObject({
      showAs: "tentative",
      response: "tentativelyAccepted",
      isCancelled: false,
      privacyMode: "default",
    });
    expect(byInstructor(ann.instructorId)[2]).toMatchObject({ isPrivate: true, title: null });
    // Full Private Mode never shows a title, even one stored before the switch.
    expect(byInstructor(bob.instructorId)).toEqual([
      expect.objectContaining({
        allDayStartDate: "2026-06-01",
        allDayEndDate: "2026-06-02",
        title: null,
        privacyMode: "full_private",
      }),
    ]);
    expect(byInstructor(nobody.instructorId)).toEqual([]);
  });

  it("keeps only what makes someone unavailable when asked", async () => {
    const c = await connection();
    await mirror(c.connectionId, [
      event("busy", 0, 1),
      event("oof", 1, 1, { showAs: "oof" }),
      event("free", 2, 1, { showAs: "free" }),
      event("elsewhere", 3, 1, { showAs: "workingElsewhere" }),
      event("cancelled", 4, 1, { isCancelled: true }),
      event("declined", 5, 1, { response: "declined", isOrganizer: false }),
      event("no-response-yet", 6, 1, { response: null }),
    ]);
    const all = await busyIntervals(opened.db, { instructorIds: [c.instructorId], from: at(0), to: at(24) });
    const blocking = await busyIntervals(opened.db, {
      instructorIds: [c.instructorId],
      from: at(0),
      to: at(24),
      blockingOnly: true,
    });
    expect(all).toHaveLength(7);
    expect(blocking.map((r) => r.title)).toEqual(["busy", "oof", "no-response-yet"]);
  });

  it("writes change sets: upserts update in place, deletes remove, and a deleted connection takes its mirror along", async () => {
    const c = await connection();
    await mirror(c.connectionId, [event("a", 0, 1), event("b", 1, 1)]);
    await writeMirrorChanges(
      opened.db,
      c.connectionId,
      { upserts: [{ event: event("a", 5, 2, { title: "moved" }), added: false }], deletes: ["b"] },
      new Date(),
    );
    const rows = await mirrorOf(opened.db, c.connectionId);
    expect(rows).toEqual([event("a", 5, 2, { title: "moved" })]);
    const [stored] = await opened.db
      .select({ during: externalEvents.during })
      .from(externalEvents)
      .where(eq(externalEvents.connectionId, c.connectionId));
    expect(stored!.during).toMatch(/^\["2026-06-01 13:00:00\+00","2026-06-01 15:00:00\+00"\)$/);

    await opened.db.delete(calendarConnections).where(eq(calendarConnections.id, c.connectionId));
    expect(await mirrorOf(opened.db, c.connectionId)).toEqual([]);
  });
});

describe.runIf(process.env.DATABASE_URL)("busyIntervals on PostgreSQL", () => {
  it("is answered by the GiST index on (connection_id, during)", async () => {
    const connections = await Promise.all(Array.from({ length: 30 }, () => connection()));
    for (const c of connections) {
      // A year of events, two a day: the range below touches a handful of them per instructor.
      await mirror(
        c.connectionId,
        Array.from({ length: 730 }, (_, i) => event(`e${i}`, i * 12, 1)),
      );
    }
    await opened.db.execute(sql`analyze external_events`);
    const query = busyIntervalsQuery(opened.db, {
      instructorIds: connections.slice(0, 10).map((c) => c.instructorId),
      from: at(24 * 100),
      to: at(24 * 101),
    });
    const result = await opened.db.execute(sql`explain (format json) ${query}`);
    const plan = JSON.stringify(result);
    expect(plan).toMatch(/external_events_(connection_)?during_idx/);
    expect(plan).not.toMatch(
      /"Seq Scan","Parallel Aware":(true|false),"Async Capable":(true|false),"Relation Name":"external_events"/,
    );
  });
});

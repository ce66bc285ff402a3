/**
 * All-day mirror rows sit at the midnights of their instructor's home zone as it is now (mirror.ts
 * `placeAllDayEvents`), which the conflict counts rely on: whatever zone a round was mapped in, when
 * the admin changes the zone, and when a round and a zone change run at the same time (PostgreSQL).
 * Migration 0020 places the rows a deployed database already holds.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDb } from "@/db/open";
import { calendarConnections, externalEvents, instructors } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import type { DbOrTx } from "@/db/types";
import { makeInstructor, makeMirrorEvent } from "@/db/testing/factories";
import { migratedBefore } from "@/db/testing/migrated-before";
import type { ServiceContext } from "@/lib/context/service-context";
import { defaultConflictSettings } from "@/lib/sync/conflict-settings";
import type { MirrorEvent } from "@/lib/sync/mirror-event";
import { lockForMirrorWrite } from "@/lib/services/pull/internal/pull-target";
import { updateInstructor } from "@/lib/services/training/update-instructor";
import { testContext } from "@/lib/testing/test-context";
import { sessionConflictCounts } from "./conflict-counts";
import { placeAllDayEvents, writeMirrorChanges } from "./mirror";

const NOW = new Date("2026-11-24T12:00:00Z");
let opened: OpenedDb;
let ctx: ServiceContext;
beforeAll(async () => {
  opened = await createTestDb();
  ctx = testContext({ db: opened.db, now: () => NOW });
});
afterAll(() => opened.close());

/** 1–2 June 2027 (a day off), mapped as if the instructor lived in `mappedIn`. */
function dayOff(graphId: string, mappedIn: string): MirrorEvent {
  const midnight = (date: string) =>
    new Date(new Date(`${date}T00:00:00Z`).getTime() - offsetHours(mappedIn) * 3_600_000);
  return makeMirrorEvent(graphId, midnight("2027-06-01"), midnight("2027-06-02"), {
    showAs: "oof",
    allDayStartDate: "2027-06-01",
    allDayEndDate: "2027-06-02",
  });
}
// June: no zone used here changes its offset then.
const offsetHours = (zone: string) =>
  ({ UTC: 0, "Europe/London": 1, "America/New_York": -4, "Pacific/Auckland": 12 })[zone]!;

async function connected(timeZone: string) {
  const instructor = await makeInstructor(ctx, { timeZone });
  const [connection] = await opened.db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status: "connected", privacyMode: "default" })
    .returning();
  return { instructor, connectionId: connection!.id };
}

const write = (db: DbOrTx, connectionId: string, events: MirrorEvent[]) =>
  writeMirrorChanges(db, connectionId, { upserts: events.map((event) => ({ event, added: true })), deletes: [] }, NOW);

async function stored(connectionId: string) {
  const [row] = await opened.db
    .select({ startsAt: externalEvents.startsAt, endsAt: externalEvents.endsAt })
    .from(externalEvents)
    .where(eq(externalEvents.connectionId, connectionId));
  return { start: row!.startsAt.toISOString(), end: row!.endsAt.toISOString() };
}

const editZone = (instructor: { id: string }, timeZone: string) =>
  updateInstructor({ ctx, id: instructor.id, input: { timeZone } });

describe("all-day rows in the mirror", () => {
  it("are stored at the home zone's midnights whatever zone the round was mapped in", async () => {
    const { connectionId } = await connected("America/New_York");
    await write(opened.db, connectionId, [dayOff("a", "Pacific/Auckland")]);
    expect(await stored(connectionId)).toEqual({ start: "2027-06-01T04:00:00.000Z", end: "2027-06-02T04:00:00.000Z" });
  });

  it("move with the instructor's zone, and the conflict counts follow them", async () => {
    const { instructor, connectionId } = await connected("Europe/London");
    await write(opened.db, connectionId, [dayOff("a", "Europe/London")]);
    // 1 June 23:30–2 June 00:30 UTC: the London day off (ends 1 June 23:00 UTC) is over, New York's is not.
    const session = { start: new Date("2027-06-01T23:30:00Z"), end: new Date("2027-06-02T00:30:00Z") };
    const counts = () =>
      sessionConflictCounts(opened.db, {
        instructorIds: [instructor.id],
        sessions: [session],
        settings: defaultConflictSettings,
      });
    expect((await counts()).get(instructor.id)).toBeUndefined();

    await editZone(instructor, "America/New_York");
    expect(await stored(connectionId)).toEqual({ start: "2027-06-01T04:00:00.000Z", end: "2027-06-02T04:00:00.000Z" });
    expect((await counts()).get(instructor.id)).toEqual({ count: 1, tentative: 0 });
  });
});

describe.runIf(process.env.DATABASE_URL)("a round and a zone change at the same time (PostgreSQL)", () => {
  it("end with the rows at the new zone's midnights when the zone changes while a round writes", async () => {
    const { instructor, connectionId } = await connected("Europe/London");
    let zoneChange: Promise<unknown> | undefined;
    await opened.db.transaction(async (tx) => {
      // The round writes with London midnights and has not committed when the admin saves New York.
      await write(tx, connectionId, [dayOff("a", "Europe/London")]);
      zoneChange = editZone(instructor, "America/New_York");
      const waiting = await Promise.race([
        zoneChange.then(() => "saved"),
        new Promise((resolve) => setTimeout(() => resolve("waiting"), 300)),
      ]);
      // The zone change waits for the round's share lock of the instructor.
      expect(waiting).toBe("waiting");
    });
    await zoneChange;
    expect(await stored(connectionId)).toEqual({ start: "2027-06-01T04:00:00.000Z", end: "2027-06-02T04:00:00.000Z" });
    const [{ zone } = { zone: "" }] = (await opened.db.execute(
      sql`select time_zone as zone from instructors where id = ${instructor.id}`,
    )) as unknown as { zone: string }[];
    expect(zone).toBe("America/New_York");
  });
});

describe.runIf(process.env.DATABASE_URL)("a round's write and an admin's save of the instructor (PostgreSQL)", () => {
  it("wait for each other instead of deadlocking, and both land", async () => {
    const { instructor, connectionId } = await connected("Europe/London");
    let round: Promise<unknown> | undefined;
    // The admin's save as update-instructor.ts takes its locks: the instructor's row, then (the email
    // changed) their connections' rows. The round's write starts in between.
    await opened.db.transaction(async (save) => {
      await save.select().from(instructors).where(eq(instructors.id, instructor.id)).for("update");
      round = opened.db.transaction(async (tx) => {
        await lockForMirrorWrite(tx, connectionId);
        await write(tx, connectionId, [dayOff("a", "Europe/London")]);
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await save.update(instructors).set({ timeZone: "America/New_York" }).where(eq(instructors.id, instructor.id));
      // Had the round locked the connection first, this would wait for it while it waits for the instructor.
      await save
        .update(calendarConnections)
        .set({ manageLinkVersion: sql`${calendarConnections.manageLinkVersion} + 1` })
        .where(eq(calendarConnections.id, connectionId));
      await placeAllDayEvents(save, { instructorId: instructor.id });
    });
    await round;
    // The round waited for the save, then placed its all-day row in the new zone.
    expect(await stored(connectionId)).toEqual({ start: "2027-06-01T04:00:00.000Z", end: "2027-06-02T04:00:00.000Z" });
  });
});

it("migration 0020 places the all-day rows a deployed database holds in other zones", async () => {
  const { client, migrateRest, close } = await migratedBefore("0020_");
  try {
    const instructorId = "00000000-0000-4000-8000-000000000001";
    await client.query(
      "insert into instructors (id, name, email, time_zone) values ($1, 'Ana', 'ana@example.test', 'America/New_York')",
      [instructorId],
    );
    const { rows } = await client.query<{ id: string }>(
      "insert into calendar_connections (instructor_id, status, privacy_mode) values ($1, 'connected', 'default') returning id",
      [instructorId],
    );
    // Mapped while she lived in London; one timed event, which stays where it is.
    await client.query(
      `insert into external_events (connection_id, graph_id, type, starts_at, ends_at, all_day_start_date, all_day_end_date, show_as)
       values ($1, 'day', 'singleInstance', '2027-05-31T23:00:00Z', '2027-06-01T23:00:00Z', '2027-06-01', '2027-06-02', 'oof'),
              ($1, 'timed', 'singleInstance', '2027-06-01T09:00:00Z', '2027-06-01T10:00:00Z', null, null, 'busy')`,
      [rows[0]!.id],
    );
    await migrateRest();
    const placed = await client.query<{ graph_id: string; starts_at: Date; ends_at: Date }>(
      "select graph_id, starts_at, ends_at from external_events order by graph_id",
    );
    expect(placed.rows.map((r) => [r.graph_id, r.starts_at.toISOString(), r.ends_at.toISOString()])).toEqual([
      ["day", "2027-06-01T04:00:00.000Z", "2027-06-02T04:00:00.000Z"],
      ["timed", "2027-06-01T09:00:00.000Z", "2027-06-01T10:00:00.000Z"],
    ]);
  } finally {
    await close();
  }
});

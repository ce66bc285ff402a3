/**
 * The panel's conflict counts are worked out in SQL (conflict-counts.ts) while everything else uses
 * the pure rules (lib/sync/conflict-rules.ts): for random mirrors, settings and sessions, the counts
 * equal what the rules find, both on the rows the span-prefiltered query brings and on the whole
 * mirror (so the prefilter loses nothing); timed events of up to 10 hours cross the 4-hour line between
 * the short (btree) and long (GiST) paths. On PostgreSQL, EXPLAIN shows each path on its range index.
 */
import fc from "fast-check";
import { DateTime } from "luxon";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenedDb } from "@/db/open";
import { calendarConnections } from "@/db/schema";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeInstructor, makeMirrorEvent } from "@/db/testing/factories";
import type { ServiceContext } from "@/lib/context/service-context";
import { conflictsFor } from "@/lib/sync/conflict-rules";
import { conflictRuleKeys, defaultConflictSettings, type ConflictSettings } from "@/lib/sync/conflict-settings";
import type { MirrorEvent } from "@/lib/sync/mirror-event";
import { testContext } from "@/lib/testing/test-context";
import { sessionConflictCounts, sessionConflictCountsQuery } from "./conflict-counts";
import { writeMirrorChanges } from "./mirror";
import { sessionBusyIntervals } from "./session-busy";

const NOW = new Date("2026-11-24T12:00:00Z");
const BASE = Date.UTC(2026, 11, 1); // 1 Dec 2026
const HOUR = 3_600_000;
const zones = ["Europe/London", "America/New_York", "Asia/Singapore", "Pacific/Auckland"];
let opened: OpenedDb;
let ctx: ServiceContext;
beforeAll(async () => {
  opened = await createTestDb();
  ctx = testContext({ db: opened.db, now: () => NOW });
});
afterAll(() => opened.close());

async function connected(timeZone: string, events: MirrorEvent[]) {
  const instructor = await makeInstructor(ctx, { timeZone });
  const [connection] = await opened.db
    .insert(calendarConnections)
    .values({ instructorId: instructor.id, status: "connected", privacyMode: "default" })
    .returning();
  await writeMirrorChanges(
    opened.db,
    connection!.id,
    { upserts: events.map((event) => ({ event, added: true })), deletes: [] },
    NOW,
  );
  return instructor;
}

const item = fc.record({
  allDay: fc.boolean(),
  // Timed: hours from 1 Dec; all-day: days from 1 Dec, mapped at midnights of some zone (maybe not home:
  // the mirror write places them at the home zone's).
  offset: fc.integer({ min: -48, max: 24 * 8 }),
  length: fc.integer({ min: 1, max: 40 }),
  storedZone: fc.constantFrom(...zones),
  showAs: fc.constantFrom("unknown", "free", "tentative", "busy", "oof", "workingElsewhere" as const),
  response: fc.constantFrom(null, "none", "organizer", "tentativelyAccepted", "accepted", "declined", "notResponded"),
  isCancelled: fc.boolean(),
  isOurs: fc.boolean(),
});
const settings = fc.record(
  Object.fromEntries(conflictRuleKeys.map((k) => [k, fc.boolean()])) as Record<
    keyof ConflictSettings,
    fc.Arbitrary<boolean>
  >,
);
const sessions = fc
  .uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 })
  .chain((days) =>
    fc.tuple(
      ...days.map((d) => fc.tuple(fc.constant(d), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 10 }))),
    ),
  );

type Item = typeof item extends fc.Arbitrary<infer T> ? T : never;
function toMirror(i: Item, n: number): MirrorEvent {
  if (!i.allDay) {
    const start = new Date(BASE + i.offset * HOUR);
    return makeMirrorEvent(`t${n}`, start, new Date(start.getTime() + (i.length * HOUR) / 4), flags(i));
  }
  const first = DateTime.fromMillis(BASE, { zone: "UTC" }).plus({ days: Math.floor(i.offset / 24) });
  const last = first.plus({ days: 1 + (i.length % 3) });
  const midnight = (d: DateTime) => DateTime.fromISO(d.toISODate()!, { zone: i.storedZone }).toJSDate();
  return makeMirrorEvent(`a${n}`, midnight(first), midnight(last), {
    ...flags(i),
    allDayStartDate: first.toISODate(),
    allDayEndDate: last.toISODate(),
  });
}

const flags = (i: Item) => ({
  showAs: i.showAs,
  response: i.response,
  isCancelled: i.isCancelled,
  isOurs: i.isOurs,
});

describe("sessionConflictCounts", () => {
  it("counts what the pure rules find, with and without the span prefilter", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...zones),
        fc.array(item, { maxLength: 12 }),
        settings,
        sessions,
        async (zone, items, rules, spec) => {
          const mirror = items.map(toMirror);
          const instructor = await connected(zone, mirror);
          const list = spec.map(([day, hour, hours], n) => {
            const start = new Date(BASE + (day * 24 + hour) * HOUR);
            return { id: `s${n}`, start, end: new Date(start.getTime() + hours * HOUR) };
          });
          const input = { instructorIds: [instructor.id], sessions: list, settings: rules };
          const counted = (await sessionConflictCounts(opened.db, input)).get(instructor.id) ?? {
            count: 0,
            tentative: 0,
          };
          const fromRows = conflictsFor(list, await sessionBusyIntervals(opened.db, input), [], zone, rules);
          const whole = mirror.map((m) => ({ ...m, privacyMode: "default" as const }));
          const fromAll = conflictsFor(list, whole, [], zone, rules);
          expect(counted.count).toBe(fromRows.length);
          // Asked for everyone (the panel), the same counts for this instructor.
          const forEveryone = await sessionConflictCounts(opened.db, { ...input, instructorIds: "everyone" });
          expect(forEveryone.get(instructor.id) ?? { count: 0, tentative: 0 }).toEqual(counted);
          expect(counted.count).toBe(fromAll.length);
          expect(counted.tentative).toBe(fromAll.filter((c) => c.tentative).length);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe.runIf(process.env.DATABASE_URL)("the panel's count query on PostgreSQL", () => {
  it("is answered by the mirror's range indexes (btree for short events, GiST for long and all-day), not a sequential scan", async () => {
    const people = [];
    for (let i = 0; i < 40; i++)
      people.push(
        await connected(
          "Europe/London",
          Array.from({ length: 730 }, (_, d) => {
            const start = new Date(Date.UTC(2026, 0, 1, 8) + d * 12 * HOUR);
            // Every tenth a day-long workshop (past the short events' 4 hours).
            return makeMirrorEvent(`e${d}`, start, new Date(start.getTime() + (d % 10 === 0 ? 9 : 1) * HOUR));
          }),
        ),
      );
    await opened.db.execute(sql`analyze external_events`);
    const query = sessionConflictCountsQuery(opened.db, {
      instructorIds: people.map((p) => p.id),
      sessions: [0, 1, 2, 3, 4].map((d) => ({
        start: new Date(Date.UTC(2026, 5, 1 + d, 8)),
        end: new Date(Date.UTC(2026, 5, 1 + d, 16)),
      })),
      settings: defaultConflictSettings,
    });
    const plan = JSON.stringify(await opened.db.execute(sql`explain (format json) ${query}`));
    expect(plan).toMatch(/"Index Name":"external_events_short_starts_idx"/);
    expect(plan).toMatch(/"Index Name":"external_events_long_during_idx"/);
    expect(plan).toMatch(/"Index Name":"external_events_all_day_during_idx"/);
    expect(plan).not.toMatch(
      /"Seq Scan","Parallel Aware":(true|false),"Async Capable":(true|false),"Relation Name":"external_events"/,
    );
  });
});

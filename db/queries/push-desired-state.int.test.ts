/**
 * The planner's input straight from PGlite: bookings × sessions with what each entry shows, and the
 * recorded entries, including those whose booking or event is gone. A drizzle logger counts the
 * queries, to hold the load to a fixed number whatever the scope's size.
 */
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsFolder } from "@/db/open";
import * as schema from "@/db/schema";
import { assignments, calendarConnections, events, pushEntries, venues } from "@/db/schema";
import { makeEvent, makeInstructor, makeLocation } from "@/db/testing/factories";
import type { Db } from "@/db/types";
import type { ServiceContext } from "@/lib/context/service-context";
import { testContext } from "@/lib/testing/test-context";
import type { ConnectionStatus } from "@/lib/sync/connection-state";
import { planPushes } from "@/lib/sync/plan-pushes";
import { loadPushDesiredState } from "./push-desired-state";

let client: PGlite;
let db: Db;
let ctx: ServiceContext;
let queries = 0;
const appUrl = "https://training.example.com";

beforeAll(async () => {
  client = new PGlite({ extensions: { btree_gist } }); // its own client, to count the queries

  db = drizzle({ client, schema, logger: { logQuery: () => void queries++ } }) as unknown as Db;
  await migrate(db as never, { migrationsFolder });
  ctx = testContext({ db, now: () => new Date("2026-11-20T12:00:00Z") });
});
afterAll(() => client.close());

async function instructor(status: ConnectionStatus | null, name: string) {
  const person = await makeInstructor(ctx, { name, timeZone: "Europe/London" });
  const connection = status
    ? (
        await db
          .insert(calendarConnections)
          .values({
            instructorId: person.id,
            status,
            privacyMode: "full_private",
            homeAccountId: `${person.id}.tenant`,
          })
          .returning()
      )[0]!
    : null;
  return { person, connection };
}

async function book(eventId: string, instructorId: string, role: "lead" | "co-instructor" | "assistant" = "lead") {
  const [row] = await db.insert(assignments).values({ eventId, instructorId, role }).returning();
  return row!;
}

async function newYorkCourse(lifecycle: "draft" | "active" | "cancelled" = "active") {
  const location = await makeLocation(ctx, { timeZone: "America/New_York" });
  const [venue] = await db.insert(venues).values({ locationId: location.id, name: "Room 4" }).returning();
  return makeEvent(ctx, {
    title: "Advanced Rigging",
    courseCode: "RIG-301",
    lifecycle,
    locationId: location.id,
    venueId: venue!.id,
    virtualMeeting: { provider: "zoom", joinUrl: "https://zoom.us/j/1" },
    sessions: [
      { start: "2026-12-01T09:00", end: "2026-12-01T17:00" },
      { start: "2026-12-02T09:00", end: "2026-12-02T17:00" },
      { name: "Assessment", start: "2026-12-03T09:00", end: "2026-12-03T12:00" },
    ],
    resources: [{ name: "Harness", quantity: 12 }],
  });
}

describe("loadPushDesiredState", () => {
  it("gives every booking × session of an event with what its entry shows", async () => {
    const ada = await instructor("connected", "Ada Lovelace");
    const grace = await instructor(null, "Grace Hopper");
    const alan = await instructor("reconnect_needed", "Alan Turing");
    const course = await newYorkCourse();
    const booking = await book(course.event.id, ada.person.id, "lead");
    await book(course.event.id, grace.person.id, "co-instructor");
    await book(course.event.id, alan.person.id, "assistant");

    const { candidates, recorded } = await loadPushDesiredState(db, { eventIds: [course.event.id] }, { appUrl });

    expect(recorded).toEqual([]);
    expect(candidates).toHaveLength(9);
    const adas = candidates.filter((c) => c.instructorId === ada.person.id);
    expect(adas.map((c) => c.sessionId)).toEqual(course.sessions.map((s) => s.id));
    expect(adas[0]).toMatchObject({
      assignmentId: booking.id,
      eventId: course.event.id,
      eventLifecycle: "active",
      connection: { id: ada.connection!.id, status: "connected" },
      content: {
        appUrl,
        assignmentId: booking.id,
        sessionId: course.sessions[0]!.id,
        instructor: { id: ada.person.id, name: "Ada Lovelace", timeZone: "Europe/London" },
        event: {
          id: course.event.id,
          title: "Advanced Rigging",
          courseCode: "RIG-301",
          timeZone: "America/New_York",
          location: { address: "1 Test St" },
          venue: { name: "Room 4" },
          virtualMeeting: { provider: "zoom", joinUrl: "https://zoom.us/j/1" },
          resources: [{ name: "Harness", quantity: 12 }],
          personnel: [
            { instructorId: ada.person.id, name: "Ada Lovelace", role: "lead" },
            { instructorId: alan.person.id, name: "Alan Turing", role: "assistant" },
            { instructorId: grace.person.id, name: "Grace Hopper", role: "co-instructor" },
          ],
        },
      },
    });
    expect(adas[2]!.content.event.sessions[2]).toMatchObject({
      name: "Assessment",
      startsAt: new Date("2026-12-03T14:00:00Z"),
    });
    expect(candidates.find((c) => c.instructorId === grace.person.id)!.connection).toBeNull();

    const plan = planPushes(candidates, recorded);
    expect(
      plan.map(
        (op) =>
          `${op.kind}:${candidates.find((c) => c.assignmentId === op.assignmentId)!.instructorId === ada.person.id ? "ada" : "alan"}`,
      ),
    ).toEqual(["create:ada", "create:ada", "create:ada", "wait:alan", "wait:alan", "wait:alan"]);
  });

  it("scopes by instructor (with everyone else on their events as personnel) and by assignment", async () => {
    const ada = await instructor("connected", "Ada");
    const grace = await instructor("connected", "Grace");
    const [one, draft] = [await newYorkCourse(), await newYorkCourse("draft")];
    const adaOne = await book(one.event.id, ada.person.id);
    await book(one.event.id, grace.person.id, "co-instructor");
    await book(draft.event.id, ada.person.id);

    const mine = await loadPushDesiredState(db, { instructorIds: [ada.person.id] }, { appUrl });
    expect(mine.candidates).toHaveLength(6);
    expect(new Set(mine.candidates.map((c) => c.instructorId))).toEqual(new Set([ada.person.id]));
    expect(mine.candidates.find((c) => c.eventId === one.event.id)!.content.event.personnel.map((p) => p.name)).toEqual(
      ["Ada", "Grace"],
    );
    expect(new Set(mine.candidates.map((c) => c.eventLifecycle))).toEqual(new Set(["active", "draft"]));

    const single = await loadPushDesiredState(db, { assignmentIds: [adaOne.id] }, { appUrl });
    expect(single.candidates.map((c) => [c.assignmentId, c.sessionId])).toEqual(
      one.sessions.map((s) => [adaOne.id, s.id]),
    );
  });

  it("returns recorded entries whose booking or event is gone, so the planner deletes them", async () => {
    const ada = await instructor("connected", "Ada");
    const kept = await newYorkCourse();
    const dropped = await newYorkCourse();
    const keptBooking = await book(kept.event.id, ada.person.id);
    const droppedBooking = await book(dropped.event.id, ada.person.id);
    const record = (booking: typeof keptBooking, eventId: string, sessionId: string, outlookEventId: string) => ({
      assignmentId: booking.id,
      sessionId,
      eventId,
      instructorId: ada.person.id,
      connectionId: ada.connection!.id,
      outlookEventId,
      status: "in_outlook" as const,
      contentHash: "stale",
    });
    await db
      .insert(pushEntries)
      .values([
        ...kept.sessions.map((s, i) => record(keptBooking, kept.event.id, s.id, `kept-${i}`)),
        record(droppedBooking, dropped.event.id, dropped.sessions[0]!.id, "dropped-0"),
      ]);
    await db.delete(events).where(eq(events.id, dropped.event.id)); // cascades to its sessions and bookings

    const state = await loadPushDesiredState(db, { instructorIds: [ada.person.id] }, { appUrl });
    expect(state.recorded).toHaveLength(4);
    expect(state.recorded.find((r) => r.outlookEventId === "dropped-0")).toMatchObject({
      connectionStatus: "connected",
      status: "in_outlook",
      generation: 1,
    });

    const plan = planPushes(state.candidates, state.recorded);
    expect(plan.map((op) => [op.kind, "outlookEventId" in op ? op.outlookEventId : null]).sort()).toEqual([
      ["delete", "dropped-0"],
      ["update", "kept-0"],
      ["update", "kept-1"],
      ["update", "kept-2"],
    ]);
    // Loading by the deleted event's id still finds its record.
    expect(
      (await loadPushDesiredState(db, { eventIds: [dropped.event.id] }, { appUrl })).recorded.map(
        (r) => r.outlookEventId,
      ),
    ).toEqual(["dropped-0"]);
  });

  it("takes the same two queries for one event or twenty", async () => {
    const ada = await instructor("connected", "Ada");
    const courses = [];
    for (let i = 0; i < 20; i++) {
      const course = await newYorkCourse();
      await book(course.event.id, ada.person.id);
      courses.push(course.event.id);
    }
    const count = async (eventIds: string[]) => {
      const before = queries;
      const state = await loadPushDesiredState(db, { eventIds }, { appUrl });
      return { queries: queries - before, candidates: state.candidates.length };
    };
    expect(await count(courses.slice(0, 1))).toEqual({ queries: 2, candidates: 3 });
    expect(await count(courses)).toEqual({ queries: 2, candidates: 60 });
    expect(await count(["not-a-uuid"])).toEqual({ queries: 0, candidates: 0 });
  });
});

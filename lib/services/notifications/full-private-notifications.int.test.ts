/**
 * Full Private Mode under change notifications (issue 11): a notification re-reads only the ids it names, with
 * the times-only `$select`, and the emulator's request log proves no subject, body or location crossed the
 * wire; bursts, late and duplicate deliveries, deletes, moves out of the window, series masters, too many ids,
 * failed re-reads and lost jobs. Harness: lib/testing/notifications-fixture.ts.
 */
import type { Event } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { mirrorOf } from "@/db/queries/mirror";
import { calendarConnections } from "@/db/schema";
import { mapGraphEvent } from "@/lib/sync/map-graph-event";
import type { MirrorEvent } from "@/lib/sync/mirror-event";
import { MAX_REREAD_IDS } from "@/lib/sync/notified-changes";
import { FULL_PRIVATE_SELECT, OUR_PROPERTY_EXPAND } from "@/lib/sync/privacy-filter";
import { pullWindow } from "@/lib/sync/pull-window";
import {
  connected,
  ctx,
  emulatorSubscriptions,
  endpoint,
  h,
  HOUR,
  iso,
  type LogEntry,
  pendingIds,
  post,
  pullsOf,
  replaceContext,
  settle,
  setUpNotifications,
  subscriptionRow,
  timed,
  until,
  weekly,
} from "@/lib/testing/notifications-fixture";

setUpNotifications();

describe("Full Private Mode: a notification re-reads only the changed ids", () => {
  const SECRETS = ["Interview", "confidential notes", "Room 42", "Standup", "Dentist", "Weekly review", "Lunch"];

  /** A Full Private Mode instructor with a few events and a weekly series, mirrored (through notifications). */
  async function fullPrivateCalendar() {
    const c = await connected("full_private");
    const create = (body: Record<string, unknown>) => h.control<Event>("POST", `/users/${c.userId}/events`, body);
    await create(timed(1, 9, "Standup"));
    await create({ ...timed(2, 10, "Dentist"), sensitivity: "private" });
    await create(timed(3, 12, "Lunch"));
    await create({ ...timed(4, 15, "Weekly review"), recurrence: weekly(4, 4) });
    await settle();
    const rows = await mirrorOf(h.db, c.connection.id);
    expect(rows).toHaveLength(3 + 4);
    return { ...c, rows };
  }

  /** The event ids (Graph's, as notified) and change types the connection's notifications carried since `delivered`. */
  async function notifiedSince(connectionId: string, delivered: number) {
    const subscriptionId = (await subscriptionRow(connectionId))!.graphSubscriptionId;
    return endpoint.answered
      .slice(delivered)
      .filter((a) => !a.validation && a.body)
      .flatMap(
        (a) =>
          (
            JSON.parse(a.body) as {
              value: { subscriptionId: string; changeType?: string; resourceData?: { id: string } }[];
            }
          ).value,
      )
      .filter((n) => n.subscriptionId === subscriptionId && n.resourceData)
      .map((n) => ({ id: n.resourceData!.id, changeType: n.changeType! }));
  }

  const requestLog = async (userId: string) =>
    (await h.control<{ value: LogEntry[] }>("GET", `/requests?userId=${userId}&path=/v1.0/`)).value;

  /** What calendarView shows for the pull window, as the mirror keeps it in Full Private Mode (read by the test, after the log was checked). */
  async function view(connection: typeof calendarConnections.$inferSelect, timeZone: string) {
    const client = h.ctx.graph!.forConnection({ id: connection.id, homeAccountId: connection.homeAccountId! });
    const events = await client.listCalendarView(pullWindow({ now: ctx.now(), timeZone }));
    return comparable(events.map((e) => mapGraphEvent(e, { homeZone: timeZone, privacyMode: "full_private" })!));
  }
  const comparable = (events: MirrorEvent[]) =>
    events.map((e) => ({ ...e, changeKey: null })).sort((a, b) => a.graphId.localeCompare(b.graphId));

  /** Every byte Graph sent in the log holds no subject, body or location, and every event read named only times and flags. */
  function expectTimesOnly(log: LogEntry[]) {
    const wire = JSON.stringify(log.map((e) => e.responseBody));
    for (const secret of SECRETS) expect(wire).not.toContain(secret);
    for (const entry of log.filter((e) => /\/(events|calendarView)/i.test(e.path))) {
      expect(entry.method).toBe("GET");
      expect(entry.query.$select).toBe(FULL_PRIVATE_SELECT.join(","));
    }
    expect(log.filter((e) => /delta/i.test(e.path))).toEqual([]);
  }

  it("a burst with duplicate and late deliveries is one pull that GETs only the changed ids, with times only", async () => {
    const { connection, userId, instructor, rows } = await fullPrivateCalendar();
    const single = (hourUtc: number) =>
      rows.find((r) => r.type === "singleInstance" && r.startsAt.getUTCHours() === hourUtc)!;
    const [standup, dentist, lunch] = [single(9), single(10), single(12)];
    await h.control("DELETE", "/requests");
    const delivered = endpoint.answered.length;
    const since = ctx.now();

    await h.control("POST", `/users/${userId}/events`, {
      ...timed(5, 14, "Interview"),
      body: { contentType: "text", content: "confidential notes" },
      location: { displayName: "Room 42" },
    });
    await h.control("PATCH", `/users/${userId}/events/${encodeURIComponent(standup.graphId)}`, timed(1, 16, "Standup"));
    await h.control("PATCH", `/users/${userId}/events/${encodeURIComponent(dentist.graphId)}`, { subject: "Dentist!" });
    await h.control("DELETE", `/users/${userId}/events/${encodeURIComponent(lunch.graphId)}`);
    await settle();

    const notified = await notifiedSince(connection.id, delivered);
    expect(notified.length).toBeGreaterThan(4); // bursts and duplicates: more notifications than changes
    const changedIds = new Set(notified.map((n) => n.id));
    expect(changedIds.size).toBe(4);
    const deletedIds = new Set(notified.filter((n) => n.changeType === "deleted").map((n) => n.id));
    expect([...deletedIds]).toEqual([lunch.graphId]);

    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status])).toEqual([["notification", "succeeded"]]);
    expect(pulls[0]!.counts).toEqual({ fetched: 3, added: 1, updated: 1, removed: 1, notified: 4 });

    const log = await requestLog(userId);
    // No calendarView, no delta: one $batch of GETs by id (throttled sub-requests sent again), only the
    // ids notified as changed and not deleted, each with the times-only $select and our property.
    expect(log.filter((e) => /calendarView/i.test(e.path))).toEqual([]);
    const reads = log.filter((e) => e.path !== "/v1.0/$batch");
    expect(new Set(reads.map((e) => e.path))).toEqual(
      new Set([...changedIds].filter((id) => !deletedIds.has(id)).map((id) => `/v1.0/me/calendar/events/${id}`)),
    );
    for (const read of reads) expect(read.query.$expand).toBe(OUR_PROPERTY_EXPAND);
    expect(pulls[0]!.graphRequests).toBe(log.filter((e) => e.path === "/v1.0/$batch").length);
    expectTimesOnly(log);

    expect(comparable(await mirrorOf(h.db, connection.id))).toEqual(await view(connection, instructor.timeZone));
    expect(await pendingIds(connection.id)).toEqual([]);
  });

  it("a deleted id, an event moved outside the window, a moved and a cancelled occurrence: the mirror follows", async () => {
    const { connection, userId, instructor, rows } = await fullPrivateCalendar();
    const [first, second] = rows.filter((r) => r.type === "occurrence").sort((a, b) => +a.startsAt - +b.startsAt);
    const singles = rows.filter((r) => r.type === "singleInstance");
    await h.control("DELETE", "/requests");
    const since = ctx.now();

    await h.control(
      "PATCH",
      `/users/${userId}/events/${encodeURIComponent(singles[0]!.graphId)}`,
      timed(400, 9, "Later"),
    );
    await h.control("DELETE", `/users/${userId}/events/${encodeURIComponent(singles[1]!.graphId)}`);
    await h.control("PATCH", `/users/${userId}/events/${encodeURIComponent(first!.graphId)}`, {
      start: { dateTime: iso(first!.startsAt.getTime() + 2 * HOUR), timeZone: "UTC" },
      end: { dateTime: iso(first!.endsAt.getTime() + 2 * HOUR), timeZone: "UTC" },
    });
    await h.control("DELETE", `/users/${userId}/events/${encodeURIComponent(second!.graphId)}`);
    await settle();

    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status, r.counts.baseline])).toEqual([
      ["notification", "succeeded", undefined],
    ]);
    expect(pulls[0]!.counts).toMatchObject({ added: 0, updated: 1, removed: 3 });
    const mirror = comparable(await mirrorOf(h.db, connection.id));
    const ids = mirror.map((e) => e.graphId);
    expect(ids).not.toContain(singles[0]!.graphId);
    expect(ids).not.toContain(singles[1]!.graphId);
    expect(ids).not.toContain(second!.graphId);
    expect(mirror.find((e) => e.graphId === first!.graphId)).toMatchObject({
      type: "exception",
      seriesMasterId: first!.seriesMasterId,
      startsAt: new Date(first!.startsAt.getTime() + 2 * HOUR),
    });
    const log = await requestLog(userId);
    expect(log.filter((e) => /calendarView/i.test(e.path))).toEqual([]);
    expectTimesOnly(log);
    expect(mirror).toEqual(await view(connection, instructor.timeZone));
  });

  it("a change to a series master reads the whole times-only view (which occurrences changed is not said)", async () => {
    const { connection, userId, instructor, rows } = await fullPrivateCalendar();
    const masterId = rows.find((r) => r.seriesMasterId)!.seriesMasterId!;
    await h.control("DELETE", "/requests");
    const since = ctx.now();
    // The series ends after two weeks instead of four: Graph notifies the master only.
    await h.control("PATCH", `/users/${userId}/events/${encodeURIComponent(masterId)}`, { recurrence: weekly(4, 2) });
    await settle();

    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status])).toEqual([["notification", "succeeded"]]);
    expect(pulls[0]!.counts).toMatchObject({ notified: 1, baseline: 1, added: 0, removed: 2 });
    const log = await requestLog(userId);
    expect(log.filter((e) => e.path === "/v1.0/me/calendarView").length).toBeGreaterThan(0);
    expectTimesOnly(log);
    expect(comparable(await mirrorOf(h.db, connection.id))).toEqual(await view(connection, instructor.timeZone));
  });

  it(`more than ${MAX_REREAD_IDS} changed ids are one read of the whole times-only view`, async () => {
    const { connection, userId, instructor } = await fullPrivateCalendar();
    await h.control("DELETE", "/requests");
    const since = ctx.now();
    for (let i = 0; i < MAX_REREAD_IDS + 5; i++)
      await h.control("POST", `/users/${userId}/events`, timed(10 + (i % 50), 8 + Math.floor(i / 50), `Lunch ${i}`));
    await settle();

    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status])).toEqual([["notification", "succeeded"]]);
    expect(pulls[0]!.counts).toMatchObject({ notified: MAX_REREAD_IDS + 5, baseline: 1, added: MAX_REREAD_IDS + 5 });
    const log = await requestLog(userId);
    expect(log.filter((e) => e.path === "/v1.0/$batch")).toEqual([]);
    expectTimesOnly(log);
    expect(comparable(await mirrorOf(h.db, connection.id))).toEqual(await view(connection, instructor.timeZone));
    expect(await pendingIds(connection.id)).toEqual([]);
  });

  it("a late duplicate after the pull re-reads that one id and changes nothing; a late one for a deleted event does not bring it back", async () => {
    const { connection, userId, rows } = await fullPrivateCalendar();
    const [kept, gone] = rows.filter((r) => r.type === "singleInstance");
    await h.control("DELETE", `/users/${userId}/events/${encodeURIComponent(gone!.graphId)}`);
    await settle();
    const before = comparable(await mirrorOf(h.db, connection.id));
    expect(before.map((e) => e.graphId)).not.toContain(gone!.graphId);

    // Graph delivers two old notifications again, late: an update of an event read since, and one of the deleted event.
    const [subscription] = await emulatorSubscriptions(userId);
    await h.control("DELETE", "/requests");
    const since = ctx.now();
    const late = (id: string) => ({
      subscriptionId: subscription!.id,
      clientState: subscription!.clientState,
      changeType: "updated",
      resource: `Users/${userId}/Events/${id}`,
      resourceData: { "@odata.type": "#Microsoft.Graph.Event", id },
    });
    expect((await post({ value: [late(kept!.graphId), late(gone!.graphId), late(kept!.graphId)] })).status).toBe(202);
    await settle();

    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status])).toEqual([["notification", "succeeded"]]);
    expect(pulls[0]!.counts).toEqual({ fetched: 1, added: 0, updated: 0, removed: 0, notified: 2 });
    const reads = (await requestLog(userId)).filter((e) => e.path !== "/v1.0/$batch");
    expect(reads.map((e) => [e.path, e.status])).toEqual(
      expect.arrayContaining([
        [`/v1.0/me/calendar/events/${kept!.graphId}`, 200],
        [`/v1.0/me/calendar/events/${gone!.graphId}`, 404],
      ]),
    );
    expect(comparable(await mirrorOf(h.db, connection.id))).toEqual(before);
  });

  it("keeps the noted ids when the re-read fails, and the job's retry reads them on the same run", async () => {
    const { connection, userId, instructor } = await fullPrivateCalendar();
    const since = ctx.now();
    await h.control("POST", "/faults", { pathPattern: "/v1.0/$batch", userId, status: 500, count: 1 });
    await h.control("POST", `/users/${userId}/events`, timed(6, 11, "Interview"));
    await settle();

    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status, r.counts.notified, r.counts.added])).toEqual([
      ["notification", "succeeded", 1, 1],
    ]);
    expect(comparable(await mirrorOf(h.db, connection.id))).toEqual(await view(connection, instructor.timeZone));
    expect(await pendingIds(connection.id)).toEqual([]);
  });

  it("an id noted by a delivery whose job was lost (the process died) is read by the next notification's pull", async () => {
    const { connection, userId, instructor } = await fullPrivateCalendar();
    const since = ctx.now();
    const jobs = ctx.jobs;
    replaceContext({ ...ctx, jobs: { send: async () => {} } });
    try {
      await h.control("POST", `/users/${userId}/events`, timed(6, 8, "Interview"));
      await h.control("POST", "/clock", { advanceSeconds: 30 });
      await until(async () => (await h.control<{ pending: number }>("GET", "/notifications")).pending === 0);
    } finally {
      replaceContext({ ...ctx, jobs });
    }
    expect(await pendingIds(connection.id)).toHaveLength(1);
    expect(await pullsOf(connection.id, since)).toEqual([]);

    await h.control("POST", `/users/${userId}/events`, timed(6, 12, "Lunch"));
    await settle();
    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status, r.counts.notified, r.counts.added])).toEqual([
      ["notification", "succeeded", 2, 2],
    ]);
    expect(comparable(await mirrorOf(h.db, connection.id))).toEqual(await view(connection, instructor.timeZone));
  });

  it("missed → the whole times-only view", async () => {
    const { connection, userId } = await fullPrivateCalendar();
    const row = (await subscriptionRow(connection.id))!;
    await h.control("DELETE", "/requests");
    const since = ctx.now();
    await h.control("POST", `/subscriptions/${row.graphSubscriptionId}/lifecycle`, { event: "missed" });
    await settle();
    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status, r.counts.baseline])).toEqual([["notification", "succeeded", 1]]);
    const log = await requestLog(userId);
    expect(log.filter((e) => e.path === "/v1.0/me/calendarView").length).toBeGreaterThan(0);
    expectTimesOnly(log);
  });
});

/**
 * Graph change notifications end to end, against the emulator in its `realistic` profile (bursts, late,
 * duplicate and reordered deliveries; lifecycle events) with the app's real webhook on a local port and
 * the app's jobs in the in-process runtime on a hand-driven clock (so the debounce window is explicit):
 * handshake, clientState checks, one pull per burst, Full Private Mode's re-read of only the changed ids
 * (and the request log that proves it), lifecycle events, the renewal cron and removal.
 */
import type { Event } from "@microsoft/microsoft-graph-types";
import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busyIntervals } from "@/db/queries/busy-intervals";
import { mirrorOf } from "@/db/queries/mirror";
import { calendarConnections, calendarSubscriptions, notifiedChanges, syncRuns } from "@/db/schema";
import { createFunctions } from "@/inngest/functions";
import { ManualClock } from "@/inngest/runtime/clock";
import { InProcessRuntime, type RunRecord } from "@/inngest/runtime/in-process-runtime";
import type { ServiceContext } from "@/lib/context/service-context";
import { disconnectCalendar } from "@/lib/services/connect/disconnect-calendar";
import { NOTIFICATION_PATH, SUBSCRIPTION_LIFETIME_MINUTES } from "@/lib/sync/change-notifications";
import { mapGraphEvent } from "@/lib/sync/map-graph-event";
import type { MirrorEvent } from "@/lib/sync/mirror-event";
import { MAX_REREAD_IDS } from "@/lib/sync/notified-changes";
import { FULL_PRIVATE_SELECT, OUR_PROPERTY_EXPAND } from "@/lib/sync/privacy-filter";
import { pullWindow } from "@/lib/sync/pull-window";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { startNotificationEndpoint, type NotificationEndpoint } from "@/lib/testing/notification-endpoint";
import { ensureCalendarSubscription } from "./ensure-calendar-subscription";
import { renewExpiringSubscriptions } from "./renew-expiring-subscriptions";

type EmulatorSubscription = { id: string; notificationUrl: string; expirationDateTime: string; clientState?: string };
type LogEntry = { path: string; method: string; status: number; query: Record<string, string>; responseBody?: unknown };

let h: Harness;
let endpoint: NotificationEndpoint;
let runtime: InProcessRuntime;
let clock: ManualClock;
let ctx: ServiceContext;
let tenantId: string;
const finished: RunRecord[] = [];
const domain = "notify.example";
const HOUR = 3_600_000;

beforeAll(async () => {
  // Response bodies logged: the privacy checks read every byte Graph sent for a Full Private Mode instructor.
  h = await createMicrosoftHarness({ emulatorConfig: { logResponseBodies: true } });
  await h.control("POST", "/profile", { profile: "realistic", seed: 20261128 });
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Notify Ltd", domain })).id;
  clock = new ManualClock(new Date());
  runtime = new InProcessRuntime({
    functions: createFunctions(async () => ctx),
    clock,
    backoff: { baseMs: 20, maxMs: 200 },
    onRunFinished: (run) => finished.push(run),
  });
  endpoint = await startNotificationEndpoint(async () => ctx);
  ctx = {
    ...h.ctx,
    config: { ...h.ctx.config, notificationBaseUrl: endpoint.baseUrl },
    jobs: { send: async (events) => void (await runtime.send(events)) },
  };
});
afterAll(async () => {
  await runtime?.shutdown();
  await endpoint?.close();
  await h?.close();
});

/** Connects an instructor with the app's jobs running: the first pull, then the subscription. */
async function connected(privacyMode: "default" | "full_private" = "default") {
  const { instructor, emulatorUserId } = await connectInstructor({ ...h, ctx }, { tenantId, domain, privacyMode });
  await settle();
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  return { instructor, connection: connection!, userId: emulatorUserId };
}

const subscriptionRow = async (connectionId: string) =>
  (await h.db.select().from(calendarSubscriptions).where(eq(calendarSubscriptions.connectionId, connectionId)))[0];

async function emulatorSubscriptions(userId: string) {
  return (await h.control<{ value: EmulatorSubscription[] }>("GET", `/subscriptions?userId=${userId}`)).value;
}

/**
 * Lets Graph deliver everything it holds (late ones are due on the emulator's clock, moved past the
 * realistic profile's 8 s), lets the jobs those deliveries queued run, then moves the runtime's clock
 * past the debounce window and lets the pulls finish.
 */
async function settle() {
  for (let round = 0; round < 3; round++) {
    await h.control("POST", "/clock", { advanceSeconds: 30 });
    await until(async () => (await h.control<{ pending: number }>("GET", "/notifications")).pending === 0);
    await runtime.whenIdle();
    await clock.advance(25_000);
    await runtime.whenIdle();
  }
}

async function until(probe: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pullsOf = (connectionId: string, since: Date) =>
  h.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connectionId), eq(syncRuns.kind, "pull"), gt(syncRuns.queuedAt, since)))
    .orderBy(syncRuns.queuedAt);

/** The event ids notifications noted for a connection that no pull has read past yet. */
const pendingIds = (connectionId: string) =>
  h.db.select().from(notifiedChanges).where(eq(notifiedChanges.connectionId, connectionId));

const today = () => Math.floor(Date.now() / 86_400_000) * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const timed = (day: number, hour: number, subject: string) => ({
  subject,
  start: { dateTime: iso(today() + day * 86_400_000 + hour * HOUR), timeZone: "UTC" },
  end: { dateTime: iso(today() + day * 86_400_000 + (hour + 1) * HOUR), timeZone: "UTC" },
});
/** A weekly series of `count` occurrences, the first `day` days from today. */
const weekly = (day: number, count: number) => ({
  pattern: {
    type: "weekly",
    interval: 1,
    daysOfWeek: [
      new Date(today() + day * 86_400_000)
        .toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" })
        .toLowerCase(),
    ],
  },
  range: { type: "numbered", startDate: iso(today() + day * 86_400_000).slice(0, 10), numberOfOccurrences: count },
});
const post = (body: unknown, query = "") =>
  fetch(`${endpoint.baseUrl}${NOTIFICATION_PATH}${query}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("the webhook", () => {
  it("answers the validation handshake with the decoded token as text/plain", async () => {
    const response = await post("", `?validationToken=${encodeURIComponent("Validation: token <&> 1")}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("Validation: token <&> 1");
  });

  it("refuses a body that is not a notification collection", async () => {
    expect((await post("not json")).status).toBe(400);
    expect((await post({ value: [{ nope: 1 }] })).status).toBe(400);
  });

  it("rejects an unknown subscription and a wrong clientState: nothing is queued", async () => {
    const { connection } = await connected();
    const row = (await subscriptionRow(connection.id))!;
    const before = finished.length;
    const change = (subscriptionId: string, clientState: string) => ({
      value: [{ subscriptionId, clientState, changeType: "updated", resource: "Users/x/Events/AAA" }],
    });
    expect((await post(change(row.graphSubscriptionId!, "not-the-secret"))).status).toBe(202);
    expect((await post(change("00000000-0000-0000-0000-000000000000", "whatever"))).status).toBe(202);
    await runtime.whenIdle();
    expect(runtime.liveRuns).toBe(0);
    expect(finished.slice(before)).toEqual([]);
    expect((await subscriptionRow(connection.id))!.lastNotificationAt).toEqual(row.lastNotificationAt);
  });
});

describe("subscriptions", () => {
  it("are created right after connecting: Graph's id, a hashed clientState, an expiry within Outlook's maximum", async () => {
    const start = Date.now();
    const { connection, userId } = await connected();
    const row = (await subscriptionRow(connection.id))!;
    expect(row).toMatchObject({ status: "active", lastError: null });
    expect(row.clientStateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + SUBSCRIPTION_LIFETIME_MINUTES * 60_000);
    expect(row.expiresAt!.getTime()).toBeGreaterThan(start + 48 * HOUR);
    const [graph] = await emulatorSubscriptions(userId);
    expect(graph).toMatchObject({
      id: row.graphSubscriptionId,
      notificationUrl: `${endpoint.baseUrl}${NOTIFICATION_PATH}`,
    });
    const pulls = await pullsOf(connection.id, new Date(0));
    expect(pulls.map((r) => [r.trigger, r.status])).toEqual([["connect", "succeeded"]]);
  });

  it("are skipped without a public notification URL (the hourly pull covers)", async () => {
    const { connection } = await connected();
    const noUrl = { ...ctx, config: { ...ctx.config, notificationBaseUrl: null } };
    expect(await ensureCalendarSubscription({ ctx: noUrl, input: { connectionId: connection.id } })).toEqual({
      outcome: "skipped",
      reason: "no public https URL for notifications",
    });
    expect(await renewExpiringSubscriptions({ ctx: noUrl })).toMatchObject({ sent: 0 });
  });
});

describe("a change in Outlook", () => {
  it("is one notification-triggered pull, then visible in the busy data", async () => {
    const { connection, userId, instructor } = await connected();
    const since = ctx.now();
    await h.control("POST", `/users/${userId}/events`, timed(3, 10, "Dentist"));
    await settle();
    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status])).toEqual([["notification", "succeeded"]]);
    const busy = await busyIntervals(h.db, {
      instructorIds: [instructor.id],
      from: new Date(today()),
      to: new Date(today() + 7 * 86_400_000),
    });
    expect(busy.map((b) => b.title)).toEqual(["Dentist"]);
    expect((await subscriptionRow(connection.id))!.lastNotificationAt).not.toBeNull();
  });

  it("a burst of changes with duplicate and late deliveries is one pull, and the mirror is right", async () => {
    const { connection, userId, instructor } = await connected();
    const since = ctx.now();
    const delivered = endpoint.answered.length;
    const created = await Promise.all(
      [1, 2, 3, 4].map((d) => h.control<{ id: string }>("POST", `/users/${userId}/events`, timed(d, 9, `Busy ${d}`))),
    );
    await h.control("PATCH", `/users/${userId}/events/${encodeURIComponent(created[0]!.id)}`, { subject: "Moved" });
    await h.control("DELETE", `/users/${userId}/events/${encodeURIComponent(created[1]!.id)}`);
    await settle();
    // More notifications than changes (bursts, duplicates), one pull.
    expect(endpoint.answered.length - delivered).toBeGreaterThan(6);
    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status])).toEqual([["notification", "succeeded"]]);
    const busy = await busyIntervals(h.db, {
      instructorIds: [instructor.id],
      from: new Date(today()),
      to: new Date(today() + 7 * 86_400_000),
    });
    expect(busy.map((b) => b.title).sort()).toEqual(["Busy 3", "Busy 4", "Moved"]);
    // The delta round read past every id the notifications noted.
    expect(await pendingIds(connection.id)).toEqual([]);
  });

  it("in Full Private Mode is pulled with times only: no subject, body or location crosses the wire", async () => {
    const { connection, userId, instructor } = await connected("full_private");
    await h.control("DELETE", "/requests");
    await h.control("POST", `/users/${userId}/events`, {
      ...timed(2, 14, "Secret interview"),
      body: { contentType: "text", content: "confidential notes" },
      location: { displayName: "Room 42" },
    });
    await settle();
    const busy = await busyIntervals(h.db, {
      instructorIds: [instructor.id],
      from: new Date(today()),
      to: new Date(today() + 7 * 86_400_000),
    });
    expect(busy.map((b) => b.title)).toEqual([null]);
    const log = (
      await h.control<{ value: { path: string; query: Record<string, string> }[] }>(
        "GET",
        `/requests?userId=${userId}&path=/v1.0/`,
      )
    ).value;
    const reads = log.filter((e) => e.path.includes("/calendarView") || e.path.includes("/events"));
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(read.query.$select ?? "").not.toMatch(/subject|body|location/);
    expect(log.filter((e) => e.path.includes("/delta"))).toEqual([]);
    expect((await pullsOf(connection.id, new Date(0))).map((r) => r.trigger)).toContain("notification");
  });
});

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
      new Set([...changedIds].filter((id) => !deletedIds.has(id)).map((id) => `/v1.0/me/events/${id}`)),
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
        [`/v1.0/me/events/${kept!.graphId}`, 200],
        [`/v1.0/me/events/${gone!.graphId}`, 404],
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
    ctx = { ...ctx, jobs: { send: async () => {} } };
    try {
      await h.control("POST", `/users/${userId}/events`, timed(6, 8, "Interview"));
      await h.control("POST", "/clock", { advanceSeconds: 30 });
      await until(async () => (await h.control<{ pending: number }>("GET", "/notifications")).pending === 0);
    } finally {
      ctx = { ...ctx, jobs };
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

describe("lifecycle notifications", () => {
  it("missed → a full pull (baseline)", async () => {
    const { connection } = await connected();
    const row = (await subscriptionRow(connection.id))!;
    const since = ctx.now();
    await h.control("POST", `/subscriptions/${row.graphSubscriptionId}/lifecycle`, { event: "missed" });
    await settle();
    const pulls = await pullsOf(connection.id, since);
    expect(pulls.map((r) => [r.trigger, r.status, r.counts.baseline])).toEqual([["notification", "succeeded", 1]]);
  });

  it("reauthorizationRequired → renewed (a new expiry at Graph and here)", async () => {
    const { connection, userId } = await connected();
    const old = new Date(Date.now() + 10 * 60_000);
    await h.db
      .update(calendarSubscriptions)
      .set({ expiresAt: old })
      .where(eq(calendarSubscriptions.connectionId, connection.id));
    const row = (await subscriptionRow(connection.id))!;
    await h.control("POST", `/subscriptions/${row.graphSubscriptionId}/lifecycle`, {
      event: "reauthorizationRequired",
    });
    await settle();
    const renewed = (await subscriptionRow(connection.id))!;
    expect(renewed).toMatchObject({ status: "active", graphSubscriptionId: row.graphSubscriptionId });
    expect(renewed.expiresAt!.getTime()).toBeGreaterThan(old.getTime() + 48 * HOUR);
    const [graph] = await emulatorSubscriptions(userId);
    expect(new Date(graph!.expirationDateTime).getTime()).toBe(renewed.expiresAt!.getTime());
  });

  it("subscriptionRemoved → created anew, then a pull", async () => {
    const { connection, userId } = await connected();
    const row = (await subscriptionRow(connection.id))!;
    const since = ctx.now();
    await h.control("POST", `/subscriptions/${row.graphSubscriptionId}/lifecycle`, { event: "subscriptionRemoved" });
    await settle();
    const again = (await subscriptionRow(connection.id))!;
    expect(again.status).toBe("active");
    expect(again.graphSubscriptionId).not.toBe(row.graphSubscriptionId);
    expect(again.clientStateHash).not.toBe(row.clientStateHash);
    expect((await emulatorSubscriptions(userId)).map((s) => s.id)).toEqual([again.graphSubscriptionId]);
    expect((await pullsOf(connection.id, since)).map((r) => r.trigger)).toEqual(["notification"]);
  });

  it("subscriptionRemoved because the instructor revoked the app → the refused-grant path (their disconnection)", async () => {
    const { connection, userId } = await connected();
    await h.control("POST", `/users/${userId}/revoke`, { immediate: true });
    await settle();
    const [after] = await h.db
      .select({ status: calendarConnections.status })
      .from(calendarConnections)
      .where(eq(calendarConnections.id, connection.id));
    expect(after!.status).toBe("disconnected_by_instructor");
    expect(await subscriptionRow(connection.id)).toBeUndefined();
  });
});

it("the renewal cron renews subscriptions near expiry and leaves the others", async () => {
  const near = await connected();
  const far = await connected();
  const soon = new Date(Date.now() + 2 * HOUR);
  await h.db
    .update(calendarSubscriptions)
    .set({ expiresAt: soon })
    .where(eq(calendarSubscriptions.connectionId, near.connection.id));
  const farBefore = (await subscriptionRow(far.connection.id))!;
  await renewExpiringSubscriptions({ ctx });
  await settle();
  expect((await subscriptionRow(near.connection.id))!.expiresAt!.getTime()).toBeGreaterThan(soon.getTime() + 48 * HOUR);
  expect((await subscriptionRow(far.connection.id))!.updatedAt).toEqual(farBefore.updatedAt);
});

it("removing the calendar deletes the Graph subscription and its row", async () => {
  const { connection, userId, instructor } = await connected();
  expect(await emulatorSubscriptions(userId)).toHaveLength(1);
  await disconnectCalendar({ ctx, instructorId: instructor.id, by: "admin" });
  await settle();
  expect(await emulatorSubscriptions(userId)).toEqual([]);
  expect(await subscriptionRow(connection.id)).toBeUndefined();
  const [removal] = await h.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connection.id), eq(syncRuns.kind, "removal")));
  expect(removal).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ subscriptionsDeleted: 1 }) });
});

/**
 * The Graph client against the Microsoft 365 emulator over real HTTPS: a real connection (MSAL
 * sign-in through the emulator's pages), the real SDK, and the emulator's request log and fault
 * injection as the witness of what went over the wire.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarConnections } from "@/db/schema";
import { ReconnectRequiredError } from "@/lib/errors";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { batchAnswerError } from "./calendar-client";
import {
  GraphRequestError,
  GraphThrottledError,
  GraphUnavailableError,
  isGraphNotFound,
  isPreconditionFailed,
  isSyncStateGone,
} from "./errors";
import { InProcessMailboxLimiter } from "./mailbox-limiter";
import { MicrosoftGraph } from "./microsoft-graph";
import { GraphRequestCounter, type GraphRequestRecord } from "./request-counter";
import type { RetryBudget } from "./retry-handler";

type LogEntry = {
  time: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  durationMs: number;
};

let h: Harness;
let tenantId: string;
const domain = "graph-client.example";
const DAY = 86_400_000;

beforeAll(async () => {
  h = await createMicrosoftHarness();
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Graph Client Ltd", domain })).id;
});
afterAll(() => h.close());

/** A freshly connected instructor: the connection the client is built for, and its emulator user. */
async function connectedMailbox() {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
  const [row] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  return { connection: { id: row!.id, homeAccountId: row!.homeAccountId! }, userId: emulatorUserId };
}

function graph(retryBudget?: RetryBudget) {
  return new MicrosoftGraph({
    graphUrl: h.emulator.url,
    identity: h.ctx.microsoft!,
    limiter: new InProcessMailboxLimiter(),
    retryBudget,
  });
}

/** Graph requests the emulator received for the user, oldest first. */
async function graphLog(userId: string, filter: { path?: string; method?: string } = {}): Promise<LogEntry[]> {
  const query = new URLSearchParams({
    userId,
    path: filter.path ?? "/v1.0/",
    ...(filter.method ? { method: filter.method } : {}),
  });
  return (await h.control<{ value: LogEntry[] }>("GET", `/requests?${query}`)).value;
}

/** Connecting reads the mailbox's profile (`/me`, for its mail address) before any calendar request. */
const SIGN_IN_PROFILE_READ = "/v1.0/me";

const fault = (body: Record<string, unknown>) => h.control("POST", "/faults", body);

const window = () => ({ start: new Date(Date.now() + 30 * DAY), end: new Date(Date.now() + 31 * DAY) });
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const eventAt = (start: Date, hour: number, subject: string) => ({
  subject,
  start: { dateTime: utc(start.getTime() + hour * 3_600_000), timeZone: "UTC" },
  end: { dateTime: utc(start.getTime() + (hour + 1) * 3_600_000), timeZone: "UTC" },
});

describe("Graph calendar client", () => {
  it("lists a calendar view page by page with the calendar Prefer header on every request, and counts them", async () => {
    const { connection, userId } = await connectedMailbox();
    const w = window();
    for (const hour of [9, 11, 13])
      await h.control("POST", `/users/${userId}/events`, eventAt(w.start, hour, `Session ${hour}`));
    const run = new GraphRequestCounter();
    const seen: GraphRequestRecord[] = [];
    const client = graph().forConnection(connection, { counter: run, onRequest: (r) => seen.push(r) });

    const events = await client.listCalendarView(w, { pageSize: 2 });

    expect(events.map((e) => e.subject).sort()).toEqual(["Session 11", "Session 13", "Session 9"]);
    expect(events.every((e) => e.start?.timeZone === "UTC")).toBe(true);
    const log = await graphLog(userId, { path: "/calendarView" });
    expect(log).toHaveLength(2);
    for (const entry of log) {
      expect(entry.headers.prefer).toContain('outlook.timezone="UTC"');
      expect(entry.headers.prefer).toContain('IdType="ImmutableId"');
    }
    expect(client.requestCount).toBe(2);
    expect(run.requests).toBe(2);
    expect(seen.map((r) => [r.connectionId, r.method, r.status, r.attempt])).toEqual([
      [connection.id, "GET", 200, 1],
      [connection.id, "GET", 200, 1],
    ]);
  });

  it("creates, updates and deletes an event; a stale etag is a 412 and a second delete a 404", async () => {
    const { connection, userId } = await connectedMailbox();
    const client = graph().forConnection(connection);
    const created = await client.createEvent({ ...eventAt(window().start, 9, "Booked"), transactionId: randomUUID() });
    const updated = await client.updateEvent(
      created.id!,
      { subject: "Rebooked" },
      { ifMatch: `W/"${created.changeKey}"` },
    );
    expect(updated.subject).toBe("Rebooked");

    const stale = await client
      .updateEvent(created.id!, { subject: "Lost" }, { ifMatch: `W/"${created.changeKey}"` })
      .catch((e: unknown) => e);
    expect(isPreconditionFailed(stale)).toBe(true);

    await client.deleteEvent(created.id!);
    // Where Outlook keeps deleted items (the realistic profile), a second delete purges the copy in Deleted
    // Items; the delete after that, like the second one without Deleted Items, finds nothing.
    let again = await client.deleteEvent(created.id!).catch((e: unknown) => e);
    const purged = again === undefined;
    if (purged) again = await client.deleteEvent(created.id!).catch((e: unknown) => e);
    expect(isGraphNotFound(again)).toBe(true);
    expect((again as GraphRequestError).code).toBe("ErrorItemNotFound");

    // Updates go through the calendar (/me/calendar/events/{id}); creates and deletes through /me/events.
    const writes = (await graphLog(userId)).filter((e) => /\/events(\/|$)/.test(e.path));
    expect(writes.map((e) => `${e.method} ${e.status}`)).toEqual([
      "POST 201",
      "PATCH 200",
      "PATCH 412",
      "DELETE 204",
      ...(purged ? ["DELETE 204"] : []),
      "DELETE 404",
    ]);
    expect(writes.every((e) => e.headers.prefer === 'outlook.timezone="UTC", IdType="ImmutableId"')).toBe(true);
    expect(client.requestCount).toBe(purged ? 6 : 5);
  });

  it("holds a mailbox to 4 concurrent requests across clients, and Graph never throttles it", async () => {
    const { connection, userId } = await connectedMailbox();
    const g = graph();
    const clients = [g.forConnection(connection), g.forConnection(connection)];
    await clients[0]!.listCalendarView(window()); // token in cache, so the timing below is Graph's alone
    // Each request stays in flight 150 ms, long enough for the 12 below to pile up.
    await fault({ userId, pathPattern: "/v1.0/me/calendarView*", latencyMs: 150, count: 12 });

    await Promise.all(Array.from({ length: 12 }, (_, i) => clients[i % 2]!.listCalendarView(window())));

    const log = (await graphLog(userId, { path: "/calendarView" })).slice(1);
    expect(log.map((e) => e.status)).toEqual(Array(12).fill(200)); // no 429 MailboxConcurrency
    expect(peakOverlap(log)).toBe(4);
  });

  it("gives a parallel $batch as many mailbox slots as Outlook runs sub-requests at once", async () => {
    const { connection, userId } = await connectedMailbox();
    const client = graph().forConnection(connection);
    await client.listCalendarView(window());
    await fault({ userId, pathPattern: "/v1.0/me/calendar*", latencyMs: 150, count: 10 });
    const reads = Array.from({ length: 4 }, (_, i) => ({ id: String(i), method: "GET" as const, url: "/me/calendar" }));

    const [answers] = await Promise.all([
      client.batch(reads),
      ...Array.from({ length: 6 }, () => client.listCalendarView(window())),
    ]);

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const log = (await graphLog(userId, { path: "/v1.0/me/calendar" })).slice(1);
    expect(log.map((e) => e.status)).toEqual(Array(10).fill(200));
    expect(peakOverlap(log)).toBe(4);
  });

  it("retries a throttled GET after Graph's Retry-After and succeeds", async () => {
    const { connection, userId } = await connectedMailbox();
    const run = new GraphRequestCounter();
    const client = graph().forConnection(connection, { counter: run });
    await fault({
      userId,
      method: "GET",
      pathPattern: "/v1.0/me/calendarView*",
      status: 429,
      retryAfterSeconds: 1,
      count: 1,
    });

    await expect(client.listCalendarView(window())).resolves.toEqual([]);

    const [throttled, retried] = await graphLog(userId, { path: "/calendarView" });
    expect([throttled?.status, retried?.status]).toEqual([429, 200]);
    const waitedMs = Date.parse(retried!.time) - (Date.parse(throttled!.time) + throttled!.durationMs);
    expect(waitedMs).toBeGreaterThanOrEqual(950);
    expect(retried!.headers["retry-attempt"]).toBe("1");
    expect([client.requestCount, run.throttled]).toEqual([2, 1]);
  });

  it("does not retry a throttled POST: one request, and GraphThrottledError with Graph's Retry-After", async () => {
    const { connection, userId } = await connectedMailbox();
    const client = graph().forConnection(connection);
    await fault({
      userId,
      method: "POST",
      pathPattern: "/v1.0/me/events",
      status: 429,
      retryAfterSeconds: 7,
      count: 1,
    });

    const error = await client
      .createEvent({ ...eventAt(window().start, 9, "Once"), transactionId: randomUUID() })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GraphThrottledError);
    expect((error as GraphThrottledError).retryAfterMs).toBe(7000);
    expect((await graphLog(userId, { method: "POST" })).map((e) => e.status)).toEqual([429]);
    expect(await h.control<{ value: unknown[] }>("GET", `/users/${userId}/events`)).toMatchObject({ value: [] });
  });

  it("gives up on a GET once the budget is spent, or at once when Retry-After is beyond it", async () => {
    const { connection, userId } = await connectedMailbox();
    const client = graph({ maxAttempts: 2, maxTotalWaitMs: 5_000 }).forConnection(connection);
    await fault({ userId, pathPattern: "/v1.0/me/calendarView*", status: 429, retryAfterSeconds: 1, count: 3 });
    const spent = await client.listCalendarView(window()).catch((e: unknown) => e);
    expect(spent).toBeInstanceOf(GraphThrottledError);
    expect((await graphLog(userId, { path: "/calendarView" })).map((e) => e.status)).toEqual([429, 429]);

    await h.control("DELETE", "/faults");
    await fault({ userId, pathPattern: "/v1.0/me/calendarView*", status: 429, retryAfterSeconds: 60, count: 1 });
    const started = Date.now();
    const tooLong = await client.listCalendarView(window()).catch((e: unknown) => e);
    expect((tooLong as GraphThrottledError).retryAfterMs).toBe(60_000);
    expect(Date.now() - started).toBeLessThan(5_000); // handed to the job layer, not waited for here
    expect((await graphLog(userId, { path: "/calendarView" })).map((e) => e.status)).toEqual([429, 429, 429]);
  });

  it("maps 503 to GraphUnavailableError: retried on GET within the budget, never on POST", async () => {
    const { connection, userId } = await connectedMailbox();
    const client = graph({ maxAttempts: 2, maxTotalWaitMs: 5_000 }).forConnection(connection);
    await fault({ userId, pathPattern: "/v1.0/me/calendarView*", status: 503, count: 1 });
    await expect(client.listCalendarView(window())).resolves.toEqual([]);

    await fault({
      userId,
      method: "POST",
      pathPattern: "/v1.0/me/events",
      status: 503,
      retryAfterSeconds: 30,
      count: 1,
    });
    const error = await client
      .createEvent({ ...eventAt(window().start, 9, "Once"), transactionId: randomUUID() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphUnavailableError);
    expect((error as GraphUnavailableError).retryAfterMs).toBe(30_000);
    const calendarRequests = (await graphLog(userId)).filter((e) => e.path !== SIGN_IN_PROFILE_READ);
    expect(calendarRequests.map((e) => `${e.method} ${e.status}`)).toEqual(["GET 503", "GET 200", "POST 503"]);
  });

  it("answers a 401 with one fresh token and a replay; a grant Microsoft refuses becomes ReconnectRequiredError", async () => {
    const { connection, userId } = await connectedMailbox();
    const client = graph().forConnection(connection);
    await client.listCalendarView(window());
    await fault({
      userId,
      pathPattern: "/v1.0/me/calendarView*",
      status: 401,
      errorCode: "InvalidAuthenticationToken",
      count: 1,
    });
    await expect(client.listCalendarView(window())).resolves.toEqual([]);
    expect((await graphLog(userId, { path: "/oauth2/v2.0/token" })).length).toBeGreaterThanOrEqual(2); // code redemption, then the refresh

    await h.control("POST", `/users/${userId}/revoke`, { immediate: true });
    await expect(client.listCalendarView(window())).rejects.toBeInstanceOf(ReconnectRequiredError);
  });

  it("maps 403 to ReconnectRequiredError without retrying, and 410 to the resync predicate", async () => {
    const { connection, userId } = await connectedMailbox();
    const client = graph().forConnection(connection);
    await fault({
      userId,
      pathPattern: "/v1.0/me/calendarView*",
      status: 403,
      errorCode: "ErrorAccessDenied",
      count: 1,
    });
    await expect(client.listCalendarView(window())).rejects.toBeInstanceOf(ReconnectRequiredError);
    await fault({
      userId,
      pathPattern: "/v1.0/me/calendarView*",
      status: 410,
      errorCode: "SyncStateNotFound",
      count: 1,
    });
    const gone = await client.listCalendarView(window()).catch((e: unknown) => e);
    expect(isSyncStateGone(gone)).toBe(true);
    expect((await graphLog(userId, { path: "/calendarView" })).map((e) => e.status)).toEqual([403, 410]);
  });

  it("sends a $batch once, with the Prefer header on each sub-request; a throttled sub-request maps to GraphThrottledError", async () => {
    const { connection, userId } = await connectedMailbox();
    const client = graph().forConnection(connection);
    const w = window();
    await fault({
      userId,
      method: "GET",
      pathPattern: "/v1.0/me/calendar",
      status: 429,
      retryAfterSeconds: 2,
      count: 1,
    });

    const answers = await client.batch([
      {
        id: "create",
        method: "POST",
        url: "/me/events",
        body: { ...eventAt(w.start, 9, "Batched"), transactionId: randomUUID() },
      },
      { id: "calendar", method: "GET", url: "/me/calendar" },
    ]);

    expect(answers.map((a) => [a.id, a.status])).toEqual([
      ["create", 201],
      ["calendar", 429],
    ]);
    expect(batchAnswerError(answers[0]!)).toBeNull();
    expect((batchAnswerError(answers[1]!) as GraphThrottledError).retryAfterMs).toBe(2000);
    const log = (await graphLog(userId)).filter((e) => e.path !== SIGN_IN_PROFILE_READ);
    expect(log.filter((e) => e.path === "/v1.0/$batch")).toHaveLength(1);
    expect(
      log.filter((e) => e.path !== "/v1.0/$batch").every((e) => e.headers.prefer?.includes('IdType="ImmutableId"')),
    ).toBe(true);
    expect(client.requestCount).toBe(1);
  });
});

/** The most requests the emulator had in flight at once, from each entry's arrival and duration. */
function peakOverlap(entries: LogEntry[]): number {
  const edges = entries.flatMap((e) => {
    const start = Date.parse(e.time);
    return [
      { at: start, step: 1 },
      { at: start + e.durationMs, step: -1 },
    ];
  });
  edges.sort((a, b) => a.at - b.at || a.step - b.step); // an end and a start at the same ms do not overlap
  let active = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (active += edge.step));
  return peak;
}

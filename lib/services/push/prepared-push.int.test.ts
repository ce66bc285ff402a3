/**
 * The booking → Outlook path against the emulator in the realistic profile: the saving transaction
 * plans its entries and leases them with their operations, the push job takes them up with one
 * statement and sends them before reading anything else — and none of it weakens exactly-once: a
 * retried request searches before creating, any push may take a reservation over, a failed save
 * leaves nothing, a connection gone meanwhile gets nothing.
 */
import { performance } from "node:perf_hooks";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarConnections, pushEntries } from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import { takePreparedEntries } from "@/db/queries/push-entry-lease";
import type { Db } from "@/db/types";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import type { JobEvent } from "@/lib/jobs/jobs";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { assignInstructor } from "../training/assign-instructor";
import { updateEvent } from "../training/update-event";
import { convergePush } from "./converge-push";
import { MAX_PREPARED_ENTRIES } from "./internal/prepare-pushes";
import type { OutlookOperation } from "./internal/act-in-outlook";
import { pushConnectionCalendar } from "./push-connection-calendar";

type LogEntry = { method: string; path: string; status: number; startedAtMs: number };
type PushRequest = { connectionId: string; trigger: "manual"; eventIds?: string[]; prepared?: string };

let h: Harness;
let tenantId: string;
const domain = "prepared-push.example";
const sent: JobEvent[] = [];
/** The services' context, its push requests kept for the test to run (as the job would). */
let ctx: ServiceContext;

beforeAll(async () => {
  h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: 47 } });
  ctx = { ...h.ctx, jobs: { send: async (e) => void sent.push(...[e].flat()) } };
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Prepared Push Ltd", domain })).id;
});
afterAll(() => h.close());

const mailbox = async (userId: string) =>
  (await h.control<{ value: { id: string; subject: string }[] }>("GET", `/users/${userId}/events`)).value;
const graphLog = async (userId: string) =>
  (await h.control<{ value: LogEntry[] }>("GET", `/requests?${new URLSearchParams({ userId, path: "/v1.0/" })}`)).value;
const clearLog = () => h.control("DELETE", "/requests");
const entriesOf = (instructorId: string) =>
  h.db.select().from(pushEntries).where(eq(pushEntries.instructorId, instructorId));
const requests = () => sent.splice(0).flatMap((e) => (e.name === "sync/push.requested" ? [e.data as PushRequest] : []));
const requestFor = (all: PushRequest[], connectionId: string) => all.find((r) => r.connectionId === connectionId)!;

async function instructor() {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
  sent.length = 0; // the connect's own pull and push
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  return { id: instructor.id, userId: emulatorUserId, connectionId: connection!.id };
}

const day = (i: number) => new Date(Date.UTC(2027, 2, 1 + i)).toISOString().slice(0, 10);
function course(sessions: number, lifecycle: "active" | "draft" = "active") {
  return makeEvent(h.ctx, {
    title: "Rope Access",
    lifecycle,
    timeZone: "Europe/London",
    sessions: Array.from({ length: sessions }, (_, i) => ({ start: `${day(i)}T09:00`, end: `${day(i)}T17:00` })),
  });
}

/** A context whose database notes when each statement is started (select, insert, update, delete, execute, transaction). */
function timedDb(): { db: Db; startedAt: number[] } {
  const startedAt: number[] = [];
  const statements = new Set(["select", "insert", "update", "delete", "execute", "transaction", "with"]);
  const db = new Proxy(h.db, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (statements.has(String(property))) startedAt.push(performance.timeOrigin + performance.now());
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db, startedAt };
}

/** The job, retried on a transient failure as the job layer would. */
async function runJob(input: PushRequest, jobCtx: ServiceContext = h.ctx) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pushConnectionCalendar({ ctx: jobCtx, input });
    } catch (error) {
      if (attempt >= 8) throw error;
    }
  }
}

describe("a booking's push prepared in its saving transaction", () => {
  it("leases each entry with its operation at the commit; the job sends them after one statement, searching nothing", async () => {
    const ada = await instructor();
    const event = await course(3);

    await assignInstructor({ ctx, eventId: event.event.id, instructorId: ada.id, input: {} });

    const [request] = requests();
    expect(request).toMatchObject({ connectionId: ada.connectionId, eventIds: [event.event.id] });
    expect(request!.prepared).toMatch(/^prepared:/);
    const reserved = await entriesOf(ada.id);
    expect(reserved).toHaveLength(3);
    for (const row of reserved) {
      expect(row).toMatchObject({ status: "pending", leaseHolder: request!.prepared, outlookEventId: null });
      expect(row.preparedOperation).toMatchObject({ kind: "create", searchFirst: false });
    }

    await clearLog();
    const timed = timedDb();
    const result = await runJob(request!, { ...h.ctx, db: timed.db });

    const log = await graphLog(ada.userId);
    const firstRequest = Math.min(...log.map((l) => l.startedAtMs));
    expect(timed.startedAt.filter((t) => t < firstRequest)).toHaveLength(1);
    expect(log.filter((l) => l.path !== "/v1.0/$batch").map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual(
      Array(3).fill("POST /v1.0/me/events 201"),
    );
    expect(await mailbox(ada.userId)).toHaveLength(3);
    expect(result!.runs[0]!.counts).toMatchObject({ created: 3, unchanged: 0, failed: 0 });
    const rows = await entriesOf(ada.id);
    expect(rows.map((r) => [r.status, r.leaseHolder, r.preparedOperation])).toEqual(
      Array(3).fill(["in_outlook", null, null]),
    );
  });

  it("sends a lone entry as the request itself, without a $batch around it", async () => {
    const ada = await instructor();
    const event = await course(1);
    await assignInstructor({ ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await clearLog();

    await runJob(requests()[0]!);

    expect((await graphLog(ada.userId)).map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual([
      "POST /v1.0/me/events 201",
    ]);
    expect((await entriesOf(ada.id))[0]).toMatchObject({ status: "in_outlook", outlookEventId: expect.any(String) });
  });

  it("a lone write throttled by Graph is sent again after its Retry-After, as a $batch's would be", async () => {
    const ada = await instructor();
    const event = await course(1);
    await assignInstructor({ ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await h.control("POST", "/faults", {
      userId: ada.userId,
      pathPattern: "/v1.0/me/events",
      status: 429,
      retryAfterSeconds: 1,
      count: 1,
    });
    await clearLog();

    const result = await runJob(requests()[0]!);

    expect((await graphLog(ada.userId)).map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual([
      "POST /v1.0/me/events 429",
      "POST /v1.0/me/events 201",
    ]);
    expect(result!.runs[0]!.counts).toMatchObject({ created: 1, failed: 0 });
    expect(await mailbox(ada.userId)).toHaveLength(1);
  });

  it("an event edit plans everyone's updates in its transaction: each job PATCHes, nothing else", async () => {
    const ada = await instructor();
    const grace = await instructor();
    const event = await course(2);
    for (const who of [ada, grace])
      await assignInstructor({ ctx, eventId: event.event.id, instructorId: who.id, input: {} });
    for (const request of requests()) await runJob(request);
    for (const request of requests()) await runJob(request); // the second booking changed the first one's body
    await clearLog();

    await updateEvent({ ctx, id: event.event.id, input: { title: "Rope Access, advanced" } });

    const edited = requests();
    expect(edited.map((r) => r.prepared)).toEqual([expect.stringMatching(/^prepared:/), edited[0]!.prepared]);
    for (const who of [ada, grace]) {
      const result = await runJob(requestFor(edited, who.connectionId));
      expect(result!.runs[0]!.counts).toMatchObject({ updated: 2, created: 0, unchanged: 0 });
      const writes = (await graphLog(who.userId)).filter((l) => l.path !== "/v1.0/$batch");
      expect(writes.map((l) => l.method)).toEqual(["PATCH", "PATCH"]);
      expect((await mailbox(who.userId)).map((e) => e.subject)).toEqual(
        Array(2).fill(expect.stringContaining("Rope Access, advanced")),
      );
    }
  });

  it("the same request run again after a crash takes nothing, and finds the entry by its tag instead of creating it again", async () => {
    const ada = await instructor();
    const event = await course(1);
    await assignInstructor({ ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    const [request] = requests();
    // The crashed attempt: it took its entries up, POSTed, and died before recording the id.
    const taken = await takePreparedEntries(h.db, {
      connectionId: ada.connectionId,
      eventIds: [event.event.id],
      prepared: request!.prepared!,
      holder: "push:crashed",
      now: h.ctx.now(),
      ttlMs: 60_000,
    });
    const [create] = taken!.operations as Extract<OutlookOperation, { kind: "create" }>[];
    const [connection] = await h.db
      .select()
      .from(calendarConnections)
      .where(eq(calendarConnections.id, ada.connectionId));
    await h.ctx
      .graph!.forConnection({ id: connection!.id, homeAccountId: connection!.homeAccountId! })
      .createEvent({ ...create!.content, transactionId: create!.transactionId });
    // Until its lease runs out the entry is left to the crashed holder; then the retry goes on.
    expect((await runJob(request!))!.runs[0]!.busy).toBe(1);
    await h.db
      .update(pushEntries)
      .set({ leaseUntil: new Date(0) })
      .where(eq(pushEntries.instructorId, ada.id));

    const result = await runJob(request!);

    expect(await mailbox(ada.userId)).toHaveLength(1);
    expect(result!.runs[0]!.counts).toMatchObject({ recovered: 1, created: 0 });
  });

  it("any push may take a reservation over: a first create is still sent without a search, and the job then has nothing left", async () => {
    const ada = await instructor();
    const event = await course(2);
    await assignInstructor({ ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    const [request] = requests();
    await clearLog();

    const first = await convergePush({ ctx: h.ctx, scope: { eventIds: [event.event.id] }, trigger: "manual" });
    expect(first.runs[0]!.counts).toMatchObject({ created: 2 });
    expect((await graphLog(ada.userId)).filter((l) => l.method === "GET")).toEqual([]);
    await clearLog();

    const result = await runJob(request!);

    expect(await graphLog(ada.userId)).toEqual([]);
    expect(result!.runs[0]!.counts).toMatchObject({ created: 0, unchanged: 2 });
    expect(await mailbox(ada.userId)).toHaveLength(2);
  });

  it("a save that fails after its push was planned leaves no lease and sends nothing", async () => {
    const ada = await instructor();
    const event = await course(2);

    await expect(
      inTransaction(ctx, async (tx) => {
        await assignInstructor({ ctx: tx, eventId: event.event.id, instructorId: ada.id, input: {} });
        tx.beforeCommit!(async (end) => {
          // Queued after the booking's push: its entries are leased by now, inside the transaction.
          const leased = await end.db.select().from(pushEntries).where(eq(pushEntries.instructorId, ada.id));
          expect(leased.map((r) => r.leaseHolder)).toEqual(Array(2).fill(expect.stringMatching(/^prepared:/)));
          throw new Error("the save fails at its very end");
        });
      }),
    ).rejects.toThrow("the save fails at its very end");

    expect(requests()).toEqual([]);
    expect(await entriesOf(ada.id)).toEqual([]);
  });

  it("a connection no longer live when the job runs gets nothing sent, and its reservations are given back", async () => {
    const ada = await instructor();
    const event = await course(2);
    await assignInstructor({ ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await h.db
      .update(calendarConnections)
      .set({ status: "reconnect_needed" })
      .where(eq(calendarConnections.id, ada.connectionId));
    await clearLog();

    expect(await runJob(requests()[0]!)).toBeNull();

    expect(await graphLog(ada.userId)).toEqual([]);
    expect((await entriesOf(ada.id)).map((r) => [r.leaseHolder, r.preparedOperation])).toEqual(
      Array(2).fill([null, null]),
    );
  });

  it(`a change of more than ${MAX_PREPARED_ENTRIES} entries is planned by the jobs, not in the transaction`, async () => {
    const people = [await instructor(), await instructor(), await instructor()];
    const sessions = Math.floor(MAX_PREPARED_ENTRIES / people.length) + 1;
    const event = await course(sessions, "draft");
    for (const who of people) await assignInstructor({ ctx, eventId: event.event.id, instructorId: who.id, input: {} });
    requests();

    await updateEvent({ ctx, id: event.event.id, input: { lifecycle: "active" } }); // one entry too many

    const activated = requests();
    expect(activated).toHaveLength(3);
    expect(activated.every((r) => r.prepared === undefined)).toBe(true);
    const ids = people.map((p) => p.id);
    expect(await h.db.select().from(pushEntries).where(inArray(pushEntries.instructorId, ids))).toEqual([]);
    for (const request of activated) await runJob(request);
    for (const who of people) expect(await mailbox(who.userId)).toHaveLength(sessions);
    const leased = await h.db
      .select()
      .from(pushEntries)
      .where(and(inArray(pushEntries.instructorId, ids), eq(pushEntries.status, "in_outlook")));
    expect(leased).toHaveLength(people.length * sessions);
  });
});

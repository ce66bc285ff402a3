/**
 * The booking → Outlook path against the emulator in the realistic profile, with each booking planned once,
 * in its push job (docs/decisions/0006-push-push-planned-once.md): the saving transaction only records the
 * request (its events, nothing planned, no row leased), the job reads, plans and sends — and exactly-once
 * holds: a request run again after a crash finds the entry by its tag instead of creating it again, a failed
 * save leaves nothing, a connection no longer live gets nothing, and a request recorded before the fast path
 * went (with its `prepared` holder) is still accepted and converged.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimPushEntry } from "@/db/queries/push-entry-lease";
import { loadPushDesiredState } from "@/db/queries/push-desired-state";
import { calendarConnections, pushEntries, syncRuns } from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import { syncPushRequested } from "@/inngest/events";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import type { JobEvent } from "@/lib/jobs/jobs";
import { planPushes } from "@/lib/sync/plan-pushes";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { assignInstructor } from "../training/assign-instructor";
import { updateEvent } from "../training/update-event";
import type { OutlookOperation } from "./internal/act-in-outlook";
import { pushConnectionCalendar } from "./push-connection-calendar";

type LogEntry = { method: string; path: string; status: number };
type PushRequest = { connectionId: string; trigger: "manual"; eventIds?: string[]; prepared?: string };

let h: Harness;
let tenantId: string;
const domain = "booking-push.example";
const sent: JobEvent[] = [];
/** The services' context, its push requests kept for the test to run (as the job would). */
let ctx: ServiceContext;

beforeAll(async () => {
  h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: 47 } });
  ctx = { ...h.ctx, jobs: { send: async (e) => void sent.push(...[e].flat()) } };
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Booking Push Ltd", domain })).id;
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
const pushRunsOf = (connectionId: string) =>
  h.db.select().from(syncRuns).where(eq(syncRuns.connectionId, connectionId));

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
function course(sessions: number) {
  return makeEvent(h.ctx, {
    title: "Rope Access",
    lifecycle: "active",
    timeZone: "Europe/London",
    sessions: Array.from({ length: sessions }, (_, i) => ({ start: `${day(i)}T09:00`, end: `${day(i)}T17:00` })),
  });
}

/** The job, retried on a transient failure as the job layer would. */
async function runJob(input: PushRequest) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pushConnectionCalendar({ ctx: h.ctx, input });
    } catch (error) {
      if (attempt >= 8) throw error;
    }
  }
}

describe("a booking's push, planned once in its job", () => {
  it("the save records the request with its event and nothing else; the job creates each entry once, searching nothing", async () => {
    const ada = await instructor();
    const event = await course(3);

    await assignInstructor({ ctx, eventId: event.event.id, instructorId: ada.id, input: {} });

    const [request] = requests();
    expect(request).toEqual({ connectionId: ada.connectionId, trigger: "manual", eventIds: [event.event.id] });
    expect(await entriesOf(ada.id)).toEqual([]); // nothing planned or leased by the save
    await clearLog();

    const result = await runJob(request!);

    expect(
      (await graphLog(ada.userId)).filter((l) => l.path !== "/v1.0/$batch").map((l) => `${l.method} ${l.path}`),
    ).toEqual(Array(3).fill("POST /v1.0/me/events"));
    expect(await mailbox(ada.userId)).toHaveLength(3);
    expect(result!.counts).toMatchObject({ created: 3, unchanged: 0, failed: 0 });
    expect((await entriesOf(ada.id)).map((r) => [r.status, r.leaseHolder])).toEqual(
      Array(3).fill(["in_outlook", null]),
    );
    const [run] = (await pushRunsOf(ada.connectionId)).filter((r) => r.kind === "push" && r.trigger === "manual");
    expect(run).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ created: 3 }) });
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

  it("an event edit: each instructor's job PATCHes their entries, nothing else", async () => {
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
    expect(edited).toHaveLength(2);
    for (const who of [ada, grace]) {
      const result = await runJob(requestFor(edited, who.connectionId));
      expect(result!.counts).toMatchObject({ updated: 2, created: 0, unchanged: 0 });
      const writes = (await graphLog(who.userId)).filter((l) => l.path !== "/v1.0/$batch");
      expect(writes.map((l) => l.method)).toEqual(["PATCH", "PATCH"]);
      expect((await mailbox(who.userId)).map((e) => e.subject)).toEqual(
        Array(2).fill(expect.stringContaining("Rope Access, advanced")),
      );
    }
  });

  it("the same request run again after a crash finds the entry by its tag instead of creating it again", async () => {
    const ada = await instructor();
    const event = await course(1);
    await assignInstructor({ ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    const [request] = requests();
    // The crashed attempt: it claimed the entry, POSTed, and died before recording the id.
    const desired = await loadPushDesiredState(h.db, { eventIds: [event.event.id] }, { appUrl: h.ctx.config.appUrl });
    const [create] = planPushes(desired.candidates, desired.recorded) as Extract<
      OutlookOperation,
      { kind: "create" }
    >[];
    const [connection] = await h.db
      .select()
      .from(calendarConnections)
      .where(eq(calendarConnections.id, ada.connectionId));
    const entry = { ...create!, instructorId: ada.id, connectionId: ada.connectionId };
    expect(await claimPushEntry(h.db, entry, "push:crashed", h.ctx.now(), 60_000, connection!)).not.toBeNull();
    await h.ctx
      .graph!.forConnection({ id: connection!.id, homeAccountId: connection!.homeAccountId! })
      .createEvent({ ...create!.content, transactionId: create!.transactionId });
    // Until its lease runs out the entry is left to the crashed holder; then the retry goes on.
    expect((await runJob(request!))!.busy).toBe(1);
    await h.db
      .update(pushEntries)
      .set({ leaseUntil: new Date(0) })
      .where(eq(pushEntries.instructorId, ada.id));

    const result = await runJob(request!);

    expect(await mailbox(ada.userId)).toHaveLength(1);
    expect(result!.counts).toMatchObject({ recovered: 1, created: 0 });
  });

  it("a request recorded before Push planned once (with a `prepared` holder) is still accepted and converged", async () => {
    const ada = await instructor();
    const event = await course(1);
    await assignInstructor({ ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    const old = { ...requests()[0]!, prepared: `prepared:${randomUUID()}` };

    const parsed = await syncPushRequested.schema!["~standard"].validate(old);
    expect(parsed).not.toHaveProperty("issues");
    await runJob(old);

    expect(await mailbox(ada.userId)).toHaveLength(1);
  });

  it("a save that fails records no request, and nothing is planned or sent", async () => {
    const ada = await instructor();
    const event = await course(2);
    await clearLog();

    await expect(
      inTransaction(ctx, async (tx) => {
        await assignInstructor({ ctx: tx, eventId: event.event.id, instructorId: ada.id, input: {} });
        throw new Error("the save fails at its very end");
      }),
    ).rejects.toThrow("the save fails at its very end");

    expect(requests()).toEqual([]);
    expect(await entriesOf(ada.id)).toEqual([]);
    expect(await graphLog(ada.userId)).toEqual([]);
  });

  it("a connection no longer live when the job runs gets nothing sent and no run", async () => {
    const ada = await instructor();
    const event = await course(2);
    await assignInstructor({ ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await h.db
      .update(calendarConnections)
      .set({ status: "reconnect_needed" })
      .where(eq(calendarConnections.id, ada.connectionId));
    const runsBefore = (await pushRunsOf(ada.connectionId)).length;
    await clearLog();

    expect(await runJob(requests()[0]!)).toBeNull();

    expect(await graphLog(ada.userId)).toEqual([]);
    expect(await entriesOf(ada.id)).toEqual([]);
    expect(await pushRunsOf(ada.connectionId)).toHaveLength(runsBefore);
  });
});

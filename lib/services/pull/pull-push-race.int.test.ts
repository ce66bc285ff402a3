/**
 * Push and Pull on one connection at once (issues 11, 12, 13).
 *
 * The connect-time push and the first pull: our own pushed entries are ours, never external busy
 * time, never conflicts. Pull marks our entries by the Outlook ids Push recorded when the round was
 * read (delta cannot expand our extended property); an id Push records after that read must still
 * leave the mirror row ours, whichever of the two writes lands first.
 *
 * A push updating one of our entries while a pull runs is never drift (issue 12 item 5): Pull
 * compares the changeKey it sees with the one our last write recorded, and our write may land in
 * Outlook before the pull reads and be recorded only after (the lease says a push is at it), or land
 * after the pull read and be recorded before the pull writes (the key recorded before the read says so).
 *
 * The interleavings are made deterministic: Push's own steps are run one by one (write in Outlook,
 * then record), and the pull is stopped where its round is read and its write is about to begin.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busyIntervals } from "@/db/queries/busy-intervals";
import { sessionConflictCounts } from "@/db/queries/conflict-counts";
import { claimPushEntry } from "@/db/queries/push-entry-lease";
import { loadPushDesiredState } from "@/db/queries/push-desired-state";
import { mirrorOf } from "@/db/queries/mirror";
import { calendarConnections, pushEntries, syncRuns } from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import type { DbOrTx } from "@/db/types";
import { defaultConflictSettings } from "@/lib/sync/conflict-settings";
import { planPushes, recordAfter } from "@/lib/sync/plan-pushes";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { actInOutlook, type OutlookOperation } from "../push/internal/act-in-outlook";
import { recordOutcomes } from "../push/internal/push-entry-records";
import { pushConnectionCalendar } from "../push/push-connection-calendar";
import { assignInstructor } from "../training/assign-instructor";
import { updateEvent } from "../training/update-event";
import { pullConnection, type PullResult } from "./pull-connection";
import { queuePullRun } from "./queue-pull-run";

let h: Harness;
let tenantId: string;
const domain = "pull-push-race.example";
const DAY = 86_400_000;

beforeAll(async () => {
  h = await createMicrosoftHarness();
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Race Ltd", domain })).id;
});
afterAll(() => h.close());

const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
/** Past the realistic profile's replication lag on the emulator clock, so delta sees every change. */
const pastReplicationLag = () => h.control("POST", "/clock", { advanceSeconds: 2 });

/**
 * The database, except that its first `transaction` waits for `proceed()`: a pull's only transaction
 * is its write, so a pull run on it stops once its round is read (our ids included) and mapped.
 */
function stoppingBeforeTransaction(db: DbOrTx) {
  let reached!: () => void;
  const stopped = new Promise<void>((resolve) => (reached = resolve));
  let proceed!: () => void;
  const released = new Promise<void>((resolve) => (proceed = resolve));
  let used = false;
  const gated = new Proxy(db, {
    get(target, property) {
      if (property === "transaction" && !used)
        return (work: Parameters<DbOrTx["transaction"]>[0]) => {
          used = true;
          reached();
          return released.then(() => target.transaction(work));
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: gated, stopped, proceed };
}

/** A connected instructor booked on one active session, its entry created in Outlook but its id not yet recorded. */
async function entryCreatedNotRecorded() {
  const { instructor } = await connectInstructor(h, { tenantId, domain, privacyMode: "default" });
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  const session = { start: `${day(3)}T09:00`, end: `${day(3)}T17:00` };
  const event = await makeEvent(h.ctx, { title: "Race Course", lifecycle: "active", sessions: [session] });
  await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });

  // Push's steps as pushConnection takes them: claim the lease, create in Outlook, then (later) record.
  const desired = await loadPushDesiredState(h.db, { eventIds: [event.event.id] }, { appUrl: h.ctx.config.appUrl });
  const [op] = planPushes(desired.candidates, desired.recorded) as OutlookOperation[];
  expect(op?.kind).toBe("create");
  const holder = "race-test";
  expect(
    await claimPushEntry(
      h.db,
      { ...op!, eventId: event.event.id, instructorId: instructor.id, connectionId: connection!.id },
      holder,
      h.ctx.now(),
      5 * 60_000,
      connection!,
    ),
  ).not.toBeNull();
  const client = h.ctx.graph!.forConnection({ id: connection!.id, homeAccountId: connection!.homeAccountId! });
  const acted = await actInOutlook(client, [op!]);
  const outcome = acted.outcomes.get(op!)!;
  expect(outcome.kind).toBe("ok");
  const record = () =>
    recordOutcomes(h.ctx, {
      holder,
      fence: { connectionId: connection!.id, generation: connection!.generation },
      records: [{ op: op!, change: recordAfter(op!, outcome, h.ctx.now()), release: true }],
    });
  const { sessions } = event;
  return { instructorId: instructor.id, connectionId: connection!.id, sessions, record };
}

/** A pull of the connection, stopped before its write; retried when Graph refuses the round meanwhile. */
async function pullStoppedBeforeWrite(connectionId: string, options: { baseline?: boolean } = {}) {
  for (let attempt = 1; ; attempt++) {
    const gate = stoppingBeforeTransaction(h.db);
    const { runId } = await queuePullRun({ ctx: h.ctx, input: { connectionId, trigger: "hourly" } });
    const pulled = pullConnection({ ctx: { ...h.ctx, db: gate.db }, input: { connectionId, runId, ...options } });
    const first = await Promise.race([gate.stopped.then(() => "stopped" as const), pulled.catch((e: unknown) => e)]);
    if (first === "stopped")
      return {
        runId,
        write: async (): Promise<PullResult> => {
          gate.proceed();
          return pulled;
        },
      };
    if (attempt >= 5) throw first;
  }
}

async function pullOnce(connectionId: string) {
  return (await pulledRun(connectionId)).result;
}

/** A whole pull and its sync_runs row (whose counts say `drifted` when it saw drift). */
async function pulledRun(connectionId: string) {
  for (let attempt = 1; ; attempt++) {
    const { runId } = await queuePullRun({ ctx: h.ctx, input: { connectionId, trigger: "hourly" } });
    try {
      const result = await pullConnection({ ctx: h.ctx, input: { connectionId, runId } });
      return { result, run: await runOf(runId) };
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

const runOf = async (runId: string) => (await h.db.select().from(syncRuns).where(eq(syncRuns.id, runId)))[0]!;

/** The entry's mirror row is ours, stays ours through the next (delta) round, and blocks nothing. */
async function expectOursAndNoConflict(booking: Awaited<ReturnType<typeof entryCreatedNotRecorded>>) {
  const [entry] = await h.db.select().from(pushEntries).where(eq(pushEntries.instructorId, booking.instructorId));
  expect(entry).toMatchObject({ status: "in_outlook", outlookEventId: expect.any(String) });
  const row = async () => mirrorOf(h.db, booking.connectionId, { graphIds: [entry!.outlookEventId!] });
  expect(await row()).toEqual([expect.objectContaining({ isOurs: true })]);

  await pastReplicationLag();
  expect(await pullOnce(booking.connectionId)).toMatchObject({ status: "succeeded" });
  expect(await row()).toEqual([expect.objectContaining({ isOurs: true })]);

  const sessions = booking.sessions.map((s) => ({ start: s.startsAt, end: s.endsAt }));
  const span = { from: new Date(sessions[0]!.start.getTime() - DAY), to: new Date(sessions[0]!.end.getTime() + DAY) };
  expect(await busyIntervals(h.db, { instructorIds: [booking.instructorId], ...span })).toEqual([]);
  const counts = await sessionConflictCounts(h.db, {
    instructorIds: [booking.instructorId],
    sessions,
    settings: defaultConflictSettings,
  });
  expect(counts.get(booking.instructorId)?.count ?? 0).toBe(0);
}

describe("a push recording its entry's Outlook id while a pull runs", () => {
  it("records it after the pull read our ids, before the pull writes: the write still marks the row ours", async () => {
    const booking = await entryCreatedNotRecorded();
    await pastReplicationLag();
    const pull = await pullStoppedBeforeWrite(booking.connectionId);

    await booking.record();
    expect(await pull.write()).toMatchObject({ status: "succeeded" });

    await expectOursAndNoConflict(booking);
  });

  it("records it after the pull wrote the entry as an external event: the record marks the row ours", async () => {
    const booking = await entryCreatedNotRecorded();
    await pastReplicationLag();
    const pull = await pullStoppedBeforeWrite(booking.connectionId);

    expect(await pull.write()).toMatchObject({ status: "succeeded" });
    await booking.record();

    await expectOursAndNoConflict(booking);
  });
});

/** A whole push of the connection, retried when Graph throttles it (the job would). */
async function pushNow(connectionId: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await pushConnectionCalendar({ ctx: h.ctx, input: { connectionId, trigger: "hourly" } });
      if (!result?.error) return;
    } catch (error) {
      if (attempt >= 8) throw error;
    }
    if (attempt >= 8) throw new Error("the push did not converge");
  }
}

/** A connected instructor booked on one active session, pushed, and pulled once (no drift). */
async function pushedAndPulled(privacyMode: "default" | "full_private") {
  const { instructor } = await connectInstructor(h, { tenantId, domain, privacyMode });
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  const event = await makeEvent(h.ctx, {
    title: "Race Course",
    lifecycle: "active",
    sessions: [{ start: `${day(3)}T09:00`, end: `${day(3)}T17:00` }],
  });
  await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });
  await pushNow(connection!.id);
  await pastReplicationLag();
  expect((await pulledRun(connection!.id)).run.counts).not.toHaveProperty("drifted");
  const [entry] = await h.db.select().from(pushEntries).where(eq(pushEntries.instructorId, instructor.id));
  expect(entry).toMatchObject({ status: "in_outlook", outlookChangeKey: expect.any(String) });
  return {
    connectionId: connection!.id,
    homeAccountId: connection!.homeAccountId!,
    fence: { generation: connection!.generation },
    eventId: event.event.id,
    entry: entry!,
  };
}

/** The booking changed (its description: the body alone); the push's update sent to Outlook but not yet recorded. */
async function updateSentNotRecorded(booking: Awaited<ReturnType<typeof pushedAndPulled>>) {
  await updateEvent({ ctx: h.ctx, id: booking.eventId, input: { description: `Changed ${Date.now()}` } });
  const desired = await loadPushDesiredState(h.db, { eventIds: [booking.eventId] }, { appUrl: h.ctx.config.appUrl });
  const [op] = planPushes(desired.candidates, desired.recorded) as OutlookOperation[];
  expect(op?.kind).toBe("update");
  const holder = "race-update";
  const key = {
    ...op!,
    eventId: booking.eventId,
    instructorId: booking.entry.instructorId,
    connectionId: booking.connectionId,
  };
  expect(await claimPushEntry(h.db, key, holder, h.ctx.now(), 5 * 60_000, booking.fence)).not.toBeNull();
  const client = h.ctx.graph!.forConnection({ id: booking.connectionId, homeAccountId: booking.homeAccountId });
  let acted = await actInOutlook(client, [op!]);
  for (let attempt = 1; acted.outcomes.get(op!)?.kind === "failed" && attempt < 5; attempt++)
    acted = await actInOutlook(client, [op!]);
  const outcome = acted.outcomes.get(op!)!;
  expect(outcome).toMatchObject({ kind: "ok", version: { changeKey: expect.any(String) } });
  return () =>
    recordOutcomes(h.ctx, {
      holder,
      fence: { connectionId: booking.connectionId, ...booking.fence },
      records: [{ op: op!, change: recordAfter(op!, outcome, h.ctx.now()), release: true }],
    });
}

describe.each(["default", "full_private"] as const)("a push updating our entry while a pull runs (%s)", (mode) => {
  it("sent before the pull reads, recorded after it wrote: the held lease keeps it from being drift", async () => {
    const booking = await pushedAndPulled(mode);
    const record = await updateSentNotRecorded(booking);
    await pastReplicationLag();

    // The round shows our update's changeKey; the record still has the one before it.
    const { run } = await pulledRun(booking.connectionId);
    expect(run.status).toBe("succeeded");
    expect(run.counts).not.toHaveProperty("drifted");

    await record();
    await pastReplicationLag();
    expect((await pulledRun(booking.connectionId)).run.counts).not.toHaveProperty("drifted");
    const [entry] = await h.db.select().from(pushEntries).where(eq(pushEntries.id, booking.entry.id));
    expect(entry!.contentHash).not.toBeNull();
  });

  it("sent and recorded after the pull read, before it writes: the key recorded before the read keeps it from being drift", async () => {
    const booking = await pushedAndPulled(mode);
    // A baseline: the round shows our entry (as it was before the update) in both modes.
    const pull = await pullStoppedBeforeWrite(booking.connectionId, { baseline: true });

    await updateEvent({ ctx: h.ctx, id: booking.eventId, input: { description: "Changed while the pull read" } });
    await pushNow(booking.connectionId);
    const [updated] = await h.db.select().from(pushEntries).where(eq(pushEntries.id, booking.entry.id));
    expect(updated!.outlookChangeKey).not.toBe(booking.entry.outlookChangeKey);

    expect(await pull.write()).toMatchObject({ status: "succeeded" });
    expect((await runOf(pull.runId)).counts).not.toHaveProperty("drifted");
    const [entry] = await h.db.select().from(pushEntries).where(eq(pushEntries.id, booking.entry.id));
    expect(entry!.contentHash).toBe(updated!.contentHash);

    await pastReplicationLag();
    expect((await pulledRun(booking.connectionId)).run.counts).not.toHaveProperty("drifted");
  });
});

/**
 * Removal end to end against the emulator in the realistic profile: the removal job deletes every Outlook
 * entry we created (found by our extended property, not only through push_entries) and nothing else,
 * purges everything local, keeps the bookings, survives a crash and a 429 storm, and handles a dead token
 * (consent revoked) with a local purge, a leftover list and a finish-removal link that works.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assignments,
  calendarConnections,
  connectionEvents,
  pushEntries,
  removalLeftovers,
  sentEmails,
} from "@/db/schema";
import { createFunctions } from "@/inngest/functions";
import type { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import { mirrorOf } from "@/db/queries/mirror";
import type { ContextSource } from "@/inngest/context-source";
import { SYNC_KEY_PROPERTY_ID, syncKeyOf } from "@/lib/sync/extended-property";
import { createMicrosoftHarness, tokenFromLink, type Harness } from "@/lib/testing/microsoft-harness";
import { nothingLocal, ours, removalFixtures, type RemovalFixtures } from "@/lib/testing/removal-fixtures";
import { completeConnect } from "../connect/complete-connect";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { finishRemovalProgress } from "../connect/finish-removal-progress";
import { sendInvitations } from "../connect/send-invitations";
import { startConnect } from "../connect/start-connect";
import { requestPull } from "../pull/request-pull";
import { sendConnectionDigests } from "./send-connection-digests";

let h: Harness;
let tenantId: string;
const domain = "removal.example";
const runtimes: InProcessRuntime[] = [];

/** A runtime playing one app process: its steps take their context from `source`. */
function process(source: ContextSource = async () => h.ctx) {
  const runtime = testRuntime({ db: h.db, functions: createFunctions(source), backoff: { baseMs: 20, maxMs: 200 } });
  runtimes.push(runtime);
  return runtime;
}
let runtime: InProcessRuntime;
/** Every run finished, retries and Retry-After waits included (whenIdle returns while a run waits on a timer). */
const drained = (r: InProcessRuntime) => r.settled({ timeoutMs: 60_000 });

beforeAll(async () => {
  h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: 14 } });
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Removal Ltd", domain })).id;
  fx = removalFixtures(h, { tenantId, domain });
  runtime = process();
  h.ctx.jobs = runtime.jobs;
});
afterAll(async () => {
  for (const r of runtimes) await r.shutdown();
  await h.close();
});

let fx: RemovalFixtures;
const mailbox = (userId: string) => fx.mailbox(userId);
const seeded = (options: { tagged: number; recorded: number; own: number }) => fx.seeded(options);
const localRows = (connectionId: string) => fx.localRows(connectionId);
const statusOf = (connectionId: string) => fx.statusOf(connectionId);
const runOf = (runId: string) => fx.runOf(runId);

/** The instructor follows the finish-removal link emailed to them: sign in (consenting again). */
async function signInThroughFinishRemovalLink(instructorEmail: string) {
  const mail = await h.lastEmailTo(instructorEmail);
  expect(mail.kind).toBe("finish_removal");
  const token = tokenFromLink(mail.links.find((l) => l.includes("/connect/"))!);
  const started = await startConnect({ ctx: h.ctx, token, input: { privacyMode: "full_private" } });
  const browser = h.browser();
  await browser.open(started.authorizeUrl);
  if (!browser.callback) await browser.submit({ login: instructorEmail });
  if (!browser.callback) await browser.submit({}, "accept");
  return completeConnect({
    ctx: h.ctx,
    query: Object.fromEntries(browser.callback!.params),
    browserBinding: started.browserBinding,
  });
}
const requesterOf = async (connectionId: string) =>
  (await h.db.select().from(calendarConnections).where(eq(calendarConnections.id, connectionId)))[0]!
    .disconnectRequestedBy;

describe("Removal", () => {
  it("deletes every entry of ours (also those push_entries lost) and nothing else, purges local state, keeps bookings", async () => {
    const s = await seeded({ tagged: 30, recorded: 25, own: 200 });
    expect(ours(await mailbox(s.emulatorUserId))).toHaveLength(30);

    const { runId } = await disconnectCalendar({ ctx: h.ctx, instructorId: s.instructor.id, by: "admin" });
    // The token outlives the request: the job needs it for the clean-up.
    expect((await localRows(s.connection.id)).tokenCaches).toBe(1);
    await drained(runtime);

    const left = await mailbox(s.emulatorUserId);
    expect(ours(left)).toEqual([]);
    expect(left).toHaveLength(200);
    expect(left.every((e) => e.subject.startsWith("Own "))).toBe(true);
    expect(await localRows(s.connection.id)).toEqual(nothingLocal);
    expect(await statusOf(s.connection.id)).toBe("disconnected");
    expect(await h.db.select().from(assignments).where(eq(assignments.instructorId, s.instructor.id))).toHaveLength(1);
    const run = await runOf(runId);
    expect(run).toMatchObject({ kind: "removal", status: "succeeded", errorClass: null });
    expect(run.counts).toMatchObject({ found: 30, deleted: 30, leftovers: 0, pushEntries: 25, mirrorRows: 2 });
    expect(run.graphRequests).toBeGreaterThanOrEqual(3); // the search and two $batch requests at least
    // An administrator's removal: the instructor is told, once, with what was deleted (issue 21).
    const told = await h.lastEmailTo(s.instructor.email);
    expect(told).toMatchObject({
      kind: "connection_changed",
      subject: "Your Outlook calendar was disconnected by your training coordinator",
    });
    expect(told.text).toContain("The 30 training entries it had added to your Outlook calendar were deleted");
  });

  it("a run that crashed half-way is resumed by a fresh process and completes without errors", async () => {
    const s = await seeded({ tagged: 12, recorded: 12, own: 3 });
    // Process A dies at the purge (after the sweep deleted Outlook's entries): every attempt fails there.
    // Steps ask for their context in order (begin, subscription, the look for pushes in flight, sweep, purge),
    // so the 5th call is the purge's.
    let calls = 0;
    const failed: string[] = [];
    const a = testRuntime({
      db: h.db,
      functions: createFunctions(async () => {
        if (++calls >= 5) throw new Error("process crashed");
        return h.ctx;
      }),
      backoff: { baseMs: 5, maxMs: 20 },
      onRunFinished: (run) => failed.push(run.status),
    });
    runtimes.push(a);
    h.ctx.jobs = a.jobs;
    const { runId, connectionId } = await disconnectCalendar({
      ctx: h.ctx,
      instructorId: s.instructor.id,
      by: "admin",
    });
    await drained(a);
    h.ctx.jobs = runtime.jobs;
    expect(failed).toEqual(["failed"]);
    expect(ours(await mailbox(s.emulatorUserId))).toEqual([]); // the sweep had finished
    expect(await statusOf(connectionId)).toBe("disconnecting");

    // Process B receives the same event again (Inngest redelivers): it converges, with nothing left to delete.
    const finished: { status: string; error?: unknown }[] = [];
    const b = testRuntime({
      db: h.db,
      functions: createFunctions(async () => h.ctx),
      onRunFinished: (run) => finished.push({ status: run.status, error: run.attempts.at(-1)?.error }),
    });
    runtimes.push(b);
    await b.send({ name: "calendar/removal.requested", data: { connectionId, by: "admin", runId } });
    await drained(b);
    expect(finished).toEqual([{ status: "succeeded", error: undefined }]);
    expect(await statusOf(connectionId)).toBe("disconnected");
    expect(await localRows(connectionId)).toEqual(nothingLocal);
    expect((await runOf(runId)).status).toBe("succeeded");
    expect(await mailbox(s.emulatorUserId)).toHaveLength(3);

    // A third delivery after completion changes nothing.
    await b.send({ name: "calendar/removal.requested", data: { connectionId, by: "admin", runId } });
    await drained(b);
    expect(finished.at(-1)!.status).toBe("succeeded");
    expect(await statusOf(connectionId)).toBe("disconnected");
  });

  it("converges through a 429 storm on the sweep's deletes", async () => {
    const s = await seeded({ tagged: 12, recorded: 6, own: 5 });
    // More throttled deletes than one $batch retry budget absorbs: the step itself is retried after Retry-After.
    await h.control("POST", "/faults", {
      method: "DELETE",
      userId: s.emulatorUserId,
      status: 429,
      retryAfterSeconds: 1,
      count: 80,
    });
    const { runId } = await disconnectCalendar({ ctx: h.ctx, instructorId: s.instructor.id, by: "admin" });
    await drained(runtime);
    expect((await h.control<{ value: unknown[] }>("GET", "/faults")).value).toEqual([]);
    expect(ours(await mailbox(s.emulatorUserId))).toEqual([]);
    expect(await mailbox(s.emulatorUserId)).toHaveLength(5);
    expect(await localRows(s.connection.id)).toEqual(nothingLocal);
    // The step was retried: 80 throttled deletes outlast one $batch budget (6 batches of at most 12).
    // Each attempt added what it deleted to the run: the counts cover the attempts before the retry too.
    expect(await runOf(runId)).toMatchObject({
      status: "succeeded",
      errorClass: null,
      counts: { found: 12, deleted: 12, alreadyGone: 0 },
    });
  }, 60_000);

  it("dead token: purges locally anyway, lists the entries left in Outlook, and the finish-removal link sweeps them", async () => {
    const s = await seeded({ tagged: 4, recorded: 3, own: 2 });
    // The instructor removes the app from their Microsoft account (consent revoked), then an admin removes the calendar.
    await h.control("POST", `/users/${s.emulatorUserId}/revoke`, { immediate: true });
    const { runId } = await disconnectCalendar({ ctx: h.ctx, instructorId: s.instructor.id, by: "admin" });
    await drained(runtime);

    expect(await statusOf(s.connection.id)).toBe("disconnected");
    expect(await localRows(s.connection.id)).toEqual(nothingLocal);
    expect(ours(await mailbox(s.emulatorUserId))).toHaveLength(4); // out of our reach
    const leftovers = await h.db
      .select()
      .from(removalLeftovers)
      .where(eq(removalLeftovers.instructorId, s.instructor.id));
    // What push_entries and the mirror knew: the 3 recorded entries, titled from the booking where it exists.
    expect(leftovers).toHaveLength(3);
    expect(leftovers.map((l) => l.title)).toContain(s.event.event.title);
    expect(leftovers.find((l) => l.title === s.event.event.title)!.startsAt).toEqual(s.event.sessions[0]!.startsAt);
    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "succeeded", errorClass: "ReconnectRequiredError" });
    expect(run.counts).toMatchObject({ leftovers: 3, deleted: 0 });
    const mail = await h.lastEmailTo(s.instructor.email);
    expect(mail.kind).toBe("finish_removal");

    // One click: sign in (consenting again), and the removal finishes.
    const token = tokenFromLink(mail.links.find((l) => l.includes("/connect/"))!);
    const started = await startConnect({ ctx: h.ctx, token, input: { privacyMode: "full_private" } });
    const browser = h.browser();
    await browser.open(started.authorizeUrl);
    if (!browser.callback) await browser.submit({ login: s.instructor.email });
    if (!browser.callback) await browser.submit({}, "accept");
    const outcome = await completeConnect({
      ctx: h.ctx,
      query: Object.fromEntries(browser.callback!.params),
      browserBinding: started.browserBinding,
    });
    expect(outcome.kind).toBe("removal_resumed");
    const progressLink = (outcome as { progressLink: string }).progressLink;
    await drained(runtime);
    // The page the sign-in lands on follows that run to its end.
    expect(await finishRemovalProgress({ ctx: h.ctx, link: progressLink })).toEqual({ state: "done", deleted: 4 });
    expect(await finishRemovalProgress({ ctx: h.ctx, link: `${progressLink}x` })).toEqual({ state: "invalid" });
    expect(ours(await mailbox(s.emulatorUserId))).toEqual([]);
    expect(await mailbox(s.emulatorUserId)).toHaveLength(2);
    // The instructor signed in to finish it, but it stays the admin's removal.
    expect(await statusOf(s.connection.id)).toBe("disconnected");
    expect(await requesterOf(s.connection.id)).toBe("admin");
    expect(await localRows(s.connection.id)).toEqual(nothingLocal);
    expect(
      await h.db.select().from(removalLeftovers).where(eq(removalLeftovers.instructorId, s.instructor.id)),
    ).toEqual([]);
  });

  it("the instructor revoking the app is their disconnection: Disconnected by instructor, local purge, leftovers listed", async () => {
    const s = await seeded({ tagged: 2, recorded: 2, own: 1 });
    await h.control("POST", `/users/${s.emulatorUserId}/revoke`, { immediate: true });
    // The next sync notices it (here an admin's Sync Calendar; the hourly pull: lib/services/sync/refused-grant.int.test.ts).
    await requestPull({ ctx: h.ctx, instructorId: s.instructor.id, trigger: "manual" });
    await drained(runtime);
    expect(await statusOf(s.connection.id)).toBe("disconnected_by_instructor");
    expect(await localRows(s.connection.id)).toEqual(nothingLocal);
    expect(
      await h.db.select().from(removalLeftovers).where(eq(removalLeftovers.instructorId, s.instructor.id)),
    ).toHaveLength(2);
    const kinds = (
      await h.db.select().from(connectionEvents).where(eq(connectionEvents.instructorId, s.instructor.id))
    ).map((e) => e.kind);
    expect(kinds).toContain("revoked_by_instructor");
    expect(kinds).not.toContain("reconnect_needed");

    // The instructor follows the finish-removal link: the sweep runs again, and it is still their disconnection.
    const outcome = await signInThroughFinishRemovalLink(s.instructor.email);
    expect(outcome.kind).toBe("removal_resumed");
    expect(await requesterOf(s.connection.id)).toBe("instructor");
    await drained(runtime);
    expect(ours(await mailbox(s.emulatorUserId))).toEqual([]);
    expect(await statusOf(s.connection.id)).toBe("disconnected_by_instructor");
  });

  it("reconnecting after a removal starts clean: nothing of the old connection survives, and it connects again", async () => {
    const s = await seeded({ tagged: 3, recorded: 3, own: 2 });
    await disconnectCalendar({ ctx: h.ctx, instructorId: s.instructor.id, by: "instructor" });
    await drained(runtime);
    expect(await statusOf(s.connection.id)).toBe("disconnected_by_instructor");
    expect(await requesterOf(s.connection.id)).toBe("instructor"); // kept once disconnected
    // Past the realistic profile's delta replication lag, so the new connection's first delta round sees
    // the sweep's deletions (otherwise it may still list the entries just deleted).
    await h.control("POST", "/clock", { advanceSeconds: 2 });

    await sendInvitations({ ctx: h.ctx, input: { instructorIds: [s.instructor.id] } });
    const token = tokenFromLink((await h.lastEmailTo(s.instructor.email)).links.find((l) => l.includes("/connect/"))!);
    const started = await startConnect({ ctx: h.ctx, token, input: { privacyMode: "default" } });
    const browser = h.browser();
    await browser.open(started.authorizeUrl);
    if (!browser.callback) await browser.submit({ login: s.instructor.email });
    if (!browser.callback) await browser.submit({}, "accept");
    const outcome = await completeConnect({
      ctx: h.ctx,
      query: Object.fromEntries(browser.callback!.params),
      browserBinding: started.browserBinding,
    });
    expect(outcome.kind).toBe("connected");
    await drained(runtime); // the connect pulls afresh and pushes every active booking anew
    expect(await statusOf(s.connection.id)).toBe("connected");
    expect(await requesterOf(s.connection.id)).toBeNull(); // nothing is being disconnected any more
    const entries = await h.db.select().from(pushEntries).where(eq(pushEntries.connectionId, s.connection.id));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.status === "in_outlook")).toBe(true);
    expect(await localRows(s.connection.id)).toMatchObject({ pullStates: 1, tokenCaches: 1 });
    // The new mirror is read afresh: at most the instructor's own events (delta may lag behind them),
    // nothing of the removed entries.
    const mirrored = await mirrorOf(h.db, s.connection.id);
    expect(mirrored.filter((e) => !e.isOurs && !e.title?.startsWith("Own "))).toEqual([]);
    // Exactly the new entries are ours in Outlook, once each: none of the removed ones came back. (The
    // control API lists default ids, which differ from the immutable ids we store, so compare keys.)
    const keysInOutlook = ours(await mailbox(s.emulatorUserId)).map(
      (e) =>
        e.singleValueExtendedProperties.find((p) => p.id.toLowerCase() === SYNC_KEY_PROPERTY_ID.toLowerCase())!.value,
    );
    expect(keysInOutlook.sort()).toEqual(entries.map((e) => syncKeyOf(e.assignmentId, e.sessionId)).sort());
    expect(await h.db.select().from(assignments).where(eq(assignments.instructorId, s.instructor.id))).toHaveLength(1);
  });
});

describe("daily digest of connection problems", () => {
  it("sends each admin one email a day, only when a problem was logged since their last one", async () => {
    const { adminUsers } = await import("@/db/schema");
    const email = `digest-${randomUUID().slice(0, 8)}@example.com`;
    await h.db.insert(adminUsers).values({ email, name: "Digest Admin" });
    const digests = async () =>
      h.db
        .select()
        .from(sentEmails)
        .where(and(eq(sentEmails.to, email), eq(sentEmails.kind, "connection_digest")));
    const revokedInstructor = async () => {
      const s = await seeded({ tagged: 0, recorded: 0, own: 0 });
      await h.control("POST", `/users/${s.emulatorUserId}/revoke`, { immediate: true });
      await requestPull({ ctx: h.ctx, instructorId: s.instructor.id, trigger: "manual" });
      await drained(runtime);
      return s.instructor;
    };
    const first = await revokedInstructor();
    expect((await sendConnectionDigests({ ctx: h.ctx })).sent).toBeGreaterThanOrEqual(1);
    expect(await digests()).toHaveLength(1);
    expect((await digests())[0]!.text).toContain(`${first.name}: revoked the app in their Microsoft account`);
    // The same day, even with something new: no second email.
    const second = await revokedInstructor();
    await sendConnectionDigests({ ctx: h.ctx });
    expect(await digests()).toHaveLength(1);
    // The next day: the new problem goes out, once.
    h.advance(24 * 3600_000);
    await sendConnectionDigests({ ctx: h.ctx });
    expect(await digests()).toHaveLength(2);
    const latest = (await digests()).sort((x, y) => +y.sentAt - +x.sentAt)[0]!;
    expect(latest.text).toContain(second.name);
    expect(latest.text).not.toContain(first.name);
    // Another day with nothing new: nothing.
    h.advance(24 * 3600_000);
    await sendConnectionDigests({ ctx: h.ctx });
    expect(await digests()).toHaveLength(2);
  });
});

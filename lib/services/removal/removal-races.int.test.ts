/**
 * Removal against work already in flight (docs/decisions/0003-fencing.md). A pull that is reading Graph and a
 * push that is creating an entry when an admin removes the calendar run through the same jobs production runs
 * (pull-calendar, sync-push, calendar-removal in one in-process runtime); the emulator holds their Graph
 * request back (fault latency) so the removal starts while they wait. Whatever order they finish in, the
 * removal leaves nothing of the calendar with us and none of our entries in Outlook.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { busyIntervals } from "@/db/queries/busy-intervals";
import { mirrorOf } from "@/db/queries/mirror";
import { calendarConnections, pullStates, pushEntries, syncRuns } from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import { createFunctions } from "@/inngest/functions";
import type { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import { discardJobs } from "@/lib/jobs/jobs";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { ours, type MailboxEvent } from "@/lib/testing/removal-fixtures";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { LEASE_MS } from "../push/internal/push-connection";
import { assignInstructor } from "../training/assign-instructor";

let h: Harness;
let tenantId: string;
const domain = "removal-races.example";
let runtime: InProcessRuntime;
const DAY = 86_400_000;
/** How long the emulator holds the in-flight request: far longer than a removal takes on the clean profile. */
const HELD_MS = 4_000;

beforeAll(async () => {
  // The profile CI's pass names (clean on PGlite, realistic on PostgreSQL): the race must be won under both.
  h = await createMicrosoftHarness();
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Races Ltd", domain })).id;
  runtime = testRuntime({
    db: h.db,
    functions: createFunctions(async () => h.ctx),
    backoff: { baseMs: 20, maxMs: 200 },
  });
  h.ctx.jobs = runtime.jobs;
});
afterAll(async () => {
  await runtime.shutdown();
  await h.close();
});

/** Every run finished, retries and sleeps included. */
const drained = () => runtime.settled({ timeoutMs: 60_000 });

/** A connected instructor whose connect-time pull and push are not run: each test starts its own. */
async function connected(privacyMode: "default" | "full_private") {
  const jobs = h.ctx.jobs;
  h.ctx.jobs = discardJobs;
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain, privacyMode }).finally(() => {
    h.ctx.jobs = jobs;
  });
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  return { instructorId: instructor.id, userId: emulatorUserId, connectionId: connection!.id };
}

const statusOf = async (connectionId: string) =>
  (await h.db.select().from(calendarConnections).where(eq(calendarConnections.id, connectionId)))[0]!.status;
const mailbox = async (userId: string) =>
  (await h.control<{ value: MailboxEvent[] }>("GET", `/users/${userId}/events`)).value;
/** `YYYY-MM-DDTHH` of a day `offset` days from now, at `hour` (UTC for Outlook, the event's zone for sessions). */
const at = (offset: number, hour: number) =>
  `${new Date(Date.now() + offset * DAY).toISOString().slice(0, 11)}${String(hour).padStart(2, "0")}`;

describe("a removal racing a pull that is reading Graph", () => {
  it("the pull writes nothing once the removal began: the mirror stays empty, nothing private is readable", async () => {
    const s = await connected("default");
    for (const [subject, sensitivity] of [
      ["Dentist: root canal", "normal"],
      ["Meeting the solicitor", "private"],
    ] as const)
      await h.control("POST", `/users/${s.userId}/events`, {
        subject,
        sensitivity,
        start: { dateTime: `${at(2, 10)}:00:00`, timeZone: "UTC" },
        end: { dateTime: `${at(2, 11)}:00:00`, timeZone: "UTC" },
      });
    // The pull's round is held back in Graph.
    await h.control("POST", "/faults", {
      userId: s.userId,
      method: "GET",
      pathPattern: "/v1.0/me/calendarView/delta",
      latencyMs: HELD_MS,
    });
    await runtime.send({ name: "sync/pull.requested", data: { connectionId: s.connectionId, trigger: "manual" } });
    // Running: it has read its connection and is reading Graph.
    const pullRun = await vi.waitFor(async () => {
      const [run] = await h.db
        .select()
        .from(syncRuns)
        .where(
          and(eq(syncRuns.connectionId, s.connectionId), eq(syncRuns.kind, "pull"), eq(syncRuns.status, "running")),
        );
      expect(run).toBeDefined();
      return run!;
    });

    await disconnectCalendar({ ctx: h.ctx, instructorId: s.instructorId, by: "admin" });
    await vi.waitFor(async () => expect(await statusOf(s.connectionId)).toBe("disconnected"), { timeout: 30_000 });
    // The race happened: the removal finished while the pull was still reading.
    const runNow = async () => (await h.db.select().from(syncRuns).where(eq(syncRuns.id, pullRun.id)))[0]!;
    expect((await runNow()).status).toBe("running");
    await drained();

    expect(await mirrorOf(h.db, s.connectionId)).toEqual([]);
    expect(await h.db.select().from(pullStates).where(eq(pullStates.connectionId, s.connectionId))).toEqual([]);
    const week = { from: new Date(Date.now() - DAY), to: new Date(Date.now() + 7 * DAY) };
    expect(await busyIntervals(h.db, { instructorIds: [s.instructorId], ...week })).toEqual([]);
    // The pull ended once, with why: no endless retry.
    expect(await runNow()).toMatchObject({ status: "cancelled", errorClass: "ConnectionFencedError" });
    expect(await statusOf(s.connectionId)).toBe("disconnected");
  });
});

describe("a removal racing a push that is creating our entry", () => {
  it.each([
    ["the push, finding the removal begun as it records the entry, deletes it at once", "deletes-at-once"],
    [
      "Outlook refuses the push's own delete: the removal's sweep, which waited for the push, deletes it",
      "own-delete-refused",
    ],
    [
      "the push outlived its lease, so the removal did not wait for it: the push deletes the entry itself",
      "lease-expired",
    ],
  ] as const)("no entry of ours remains in Outlook and no push record is left: %s", async (_, variant) => {
    const s = await connected("full_private");
    const event = await makeEvent(h.ctx, {
      lifecycle: "active",
      sessions: [{ start: `${at(3, 9)}:00`, end: `${at(3, 17)}:00` }],
    });
    // The push's create is held back in Graph (a lone POST, or a sub-request of a $batch).
    await h.control("POST", "/faults", {
      userId: s.userId,
      method: "POST",
      pathPattern: "*/me/events",
      latencyMs: HELD_MS,
    });
    // Booking pushes as production does: the saving transaction reserves the entry, the sync-push job creates it.
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: s.instructorId, input: {} });
    // The push job holds the entry's lease: its create is on its way.
    await vi.waitFor(async () => {
      const [entry] = await h.db.select().from(pushEntries).where(eq(pushEntries.connectionId, s.connectionId));
      expect(entry?.leaseHolder).toMatch(/^push:/);
    });
    // The first delete of the mailbox fails: the push's own, had the sweep not waited for the push.
    if (variant === "own-delete-refused")
      await h.control("POST", "/faults", { userId: s.userId, method: "DELETE", status: 500 });
    // The lease runs out while the create is on its way (a push stuck longer than LEASE_MS).
    if (variant === "lease-expired") h.advance(LEASE_MS + 1);

    const removal = await disconnectCalendar({ ctx: h.ctx, instructorId: s.instructorId, by: "admin" });
    await drained();

    expect(await statusOf(s.connectionId)).toBe("disconnected");
    // The create did land in Outlook (the race happened) …
    const log = await h.control<{ value: { method: string; path: string; status: number }[] }>(
      "GET",
      `/requests?${new URLSearchParams({ userId: s.userId })}`,
    );
    expect(log.value.some((r) => r.method === "POST" && /\/events$/.test(r.path) && r.status === 201)).toBe(true);
    // … and was deleted: none of ours is left, nor any record of it.
    expect(ours(await mailbox(s.userId))).toEqual([]);
    expect(await h.db.select().from(pushEntries).where(eq(pushEntries.connectionId, s.connectionId))).toEqual([]);
    if (variant === "own-delete-refused")
      expect((await h.db.select().from(syncRuns).where(eq(syncRuns.id, removal.runId)))[0]).toMatchObject({
        status: "succeeded",
        counts: { deleted: 1 },
      });
    // The push gave up once its record found the removal begun: cancelled, not retried.
    const pushes = await h.db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.connectionId, s.connectionId), eq(syncRuns.kind, "push")));
    expect(pushes).toEqual([expect.objectContaining({ status: "cancelled", errorClass: "ConnectionFencedError" })]);
  });
});

/**
 * A Graph outage: every request of the instructor's answers 503 for a while during a pull, a push and a
 * removal. Each run ends succeeded (the outage passed within its retries) or failed with the reason (it
 * did not); none stays queued or running, and once Graph is back the next sync succeeds.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushEntries, syncRuns } from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import { createFunctions } from "@/inngest/functions";
import type { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { nothingLocal, ours, removalFixtures, type RemovalFixtures } from "@/lib/testing/removal-fixtures";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { requestPull } from "../pull/request-pull";
import { removeCalendars } from "../removal/remove-calendars";
import { assignInstructor } from "../training/assign-instructor";

let h: Harness;
let fx: RemovalFixtures;
let runtime: InProcessRuntime;
let tenantId: string;
const domain = "outage.example";

beforeAll(async () => {
  h = await createMicrosoftHarness();
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Outage Ltd", domain })).id;
  fx = removalFixtures(h, { tenantId, domain });
  // Backoff in tens of milliseconds: the jobs' real retry counts, in test time.
  runtime = testRuntime({
    db: h.db,
    functions: createFunctions(async () => h.ctx),
    backoff: { baseMs: 50, maxMs: 400 },
  });
  h.ctx.jobs = runtime.jobs;
});
afterAll(async () => {
  await runtime.shutdown();
  await h.close();
});

/** Graph answers 503 to the next `count` requests for this mailbox (token requests are not Graph's). */
const outage = (userId: string, count: number) =>
  h.control("POST", "/faults", { userId, status: 503, count, errorCode: "ServiceUnavailable", message: "Down" });
const runsOf = (connectionId: string) => h.db.select().from(syncRuns).where(eq(syncRuns.connectionId, connectionId));
const transient = (connectionId: string) =>
  h.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connectionId), inArray(syncRuns.status, ["queued", "running"])));

async function connected() {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
  await runtime.settled(); // its first pull and push
  return { instructor, userId: emulatorUserId };
}

describe("a Graph outage", () => {
  it("during a pull: a short one is waited out on the same run, a long one fails it with the reason; then the next sync succeeds", async () => {
    const { instructor, userId } = await connected();
    await h.control("POST", `/users/${userId}/events`, {
      subject: "Own",
      start: { dateTime: "2026-12-20T09:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-12-20T10:00:00", timeZone: "UTC" },
    });
    await outage(userId, 3);
    const short = await requestPull({ ctx: h.ctx, instructorId: instructor.id, trigger: "manual" });
    await runtime.settled();
    const [row] = await h.db.select().from(syncRuns).where(eq(syncRuns.id, short.runId));
    expect(row).toMatchObject({ status: "succeeded" });

    await outage(userId, 500);
    const long = await requestPull({ ctx: h.ctx, instructorId: instructor.id, trigger: "manual" });
    await runtime.settled({ timeoutMs: 60_000 });
    const [failed] = await h.db.select().from(syncRuns).where(eq(syncRuns.id, long.runId));
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed!.errorMessage).toBeTruthy();
    await h.control("DELETE", "/faults");
    const connectionId = failed!.connectionId;
    expect(await transient(connectionId)).toEqual([]);
    expect(await fx.statusOf(connectionId)).toBe("connected");

    const next = await requestPull({ ctx: h.ctx, instructorId: instructor.id, trigger: "manual" });
    await runtime.settled();
    expect((await h.db.select().from(syncRuns).where(eq(syncRuns.id, next.runId)))[0]).toMatchObject({
      status: "succeeded",
    });
  }, 90_000);

  it("during a push: the booking reaches Outlook once Graph is back, exactly once", async () => {
    const { instructor, userId } = await connected();
    const event = await makeEvent(h.ctx, { title: "Confined spaces" });
    await outage(userId, 6);
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });
    await runtime.settled({ timeoutMs: 60_000 });
    const [entry] = await h.db.select().from(pushEntries).where(eq(pushEntries.instructorId, instructor.id));
    expect(await transient(entry!.connectionId)).toEqual([]);
    const mailbox = (await h.control<{ value: { subject: string }[] }>("GET", `/users/${userId}/events`)).value;
    expect(ours(mailbox as never[]).map((e: { subject: string }) => e.subject)).toEqual(["Confined spaces"]);
    expect(entry).toMatchObject({ status: "in_outlook" });
    expect((await runsOf(entry!.connectionId)).some((r) => r.kind === "push" && r.status === "succeeded")).toBe(true);
  }, 90_000);

  it("during a removal: it waits the outage out and completes, nothing left on either side", async () => {
    const s = await fx.seeded({ tagged: 5, recorded: 5, own: 2 });
    await outage(s.emulatorUserId, 6);
    const { runId } = await disconnectCalendar({ ctx: h.ctx, instructorId: s.instructor.id, by: "admin" });
    await runtime.settled({ timeoutMs: 60_000 });
    expect(await fx.runOf(runId)).toMatchObject({ status: "succeeded" });
    expect(await fx.statusOf(s.connection.id)).toBe("disconnected");
    expect(await fx.localRows(s.connection.id)).toEqual(nothingLocal);
    expect(ours(await fx.mailbox(s.emulatorUserId))).toEqual([]);
  }, 90_000);

  it("a removal through an outage longer than its retries fails with the reason, and Remove Calendar then completes it", async () => {
    const s = await fx.seeded({ tagged: 3, recorded: 3, own: 0 });
    await outage(s.emulatorUserId, 2_000);
    const { runId } = await disconnectCalendar({ ctx: h.ctx, instructorId: s.instructor.id, by: "admin" });
    await runtime.settled({ timeoutMs: 60_000 });
    expect(await fx.runOf(runId)).toMatchObject({ status: "failed" });
    expect(await fx.statusOf(s.connection.id)).toBe("disconnecting");
    await h.control("DELETE", "/faults");
    const again = await removeCalendars({ ctx: h.ctx, input: { instructorIds: [s.instructor.id] } });
    expect(again.started).toHaveLength(1);
    await runtime.settled();
    expect(await fx.statusOf(s.connection.id)).toBe("disconnected");
    expect(ours(await fx.mailbox(s.emulatorUserId))).toEqual([]);
  }, 120_000);
});

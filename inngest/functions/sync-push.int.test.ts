/**
 * The push job through the in-process runtime and the emulator (realistic profile): the training
 * services and Connect request pushes after their commit, the job converges the mailbox, and
 * Graph's throttling of a whole $batch is retried after its Retry-After.
 */
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { pushEntries, syncRuns } from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { assignInstructor } from "@/lib/services/training/assign-instructor";
import { unassignInstructor } from "@/lib/services/training/unassign-instructor";
import { ManualClock } from "../runtime/clock";
import type { InProcessRuntime } from "../runtime/in-process-runtime";
import { testRuntime } from "../runtime/testing/test-runtime";
import { createFunctions } from ".";

let h: Harness;
let runtime: InProcessRuntime;
const clock = new ManualClock(new Date());
let tenantId: string;
const domain = "push-job.example";

beforeAll(async () => {
  // A database of its own on PostgreSQL: the hourly cycle reaches every live connection, other files' too.
  h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: 5 }, isolatedDatabase: true });
  // Started: the crons run on the manual clock.
  runtime = testRuntime({ db: h.db, functions: createFunctions(async () => h.ctx), clock });
  h.ctx.jobs = runtime.jobs;
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Push Job Ltd", domain })).id;
});
afterAll(async () => {
  await runtime.shutdown();
  await h.close();
});

const mailbox = async (userId: string) =>
  (await h.control<{ value: { subject: string }[] }>("GET", `/users/${userId}/events`)).value;
/** The connection's push runs in the order they started (heap order is no order on PostgreSQL). */
const runsOf = (connectionId: string) =>
  h.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connectionId), eq(syncRuns.kind, "push")))
    .orderBy(asc(syncRuns.startedAt), asc(syncRuns.queuedAt));

it("assigning an instructor pushes the booking after commit; unassigning removes it", async () => {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
  await runtime.whenIdle(); // the connect push (nothing booked yet)
  const event = await makeEvent(h.ctx, { title: "Knots 101" });

  await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });
  await runtime.whenIdle();
  expect((await mailbox(emulatorUserId)).map((e) => e.subject)).toEqual(["Knots 101"]);
  const [entry] = await h.db.select().from(pushEntries).where(eq(pushEntries.instructorId, instructor.id));
  expect(entry).toMatchObject({ status: "in_outlook" });
  const runs = await runsOf(entry!.connectionId);
  expect(runs.map((r) => [r.kind, r.trigger, r.status])).toContainEqual(["push", "manual", "succeeded"]);
  expect(runs.map((r) => r.trigger)).toContain("connect");

  await unassignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: instructor.id });
  await runtime.whenIdle();
  expect(await mailbox(emulatorUserId)).toEqual([]);
});

it("the hourly cycle converges a booking whose push was never requested; drafts stay out", async () => {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
  await runtime.whenIdle();
  const active = await makeEvent(h.ctx, { title: "Active course" });
  const draft = await makeEvent(h.ctx, { title: "Draft course", lifecycle: "draft" });
  // Booked while the push requests were lost (say, the process died right after the commit).
  const jobs = h.ctx.jobs;
  h.ctx.jobs = { send: async () => {} };
  for (const e of [active, draft])
    await assignInstructor({ ctx: h.ctx, eventId: e.event.id, instructorId: instructor.id, input: {} });
  h.ctx.jobs = jobs;
  expect(await mailbox(emulatorUserId)).toEqual([]);

  await clock.advance(60 * 60_000); // the next hourly cycle
  await runtime.whenIdle();

  expect((await mailbox(emulatorUserId)).map((e) => e.subject)).toEqual(["Active course"]);
});

it("a throttled $batch is retried after Graph's Retry-After and converges", async () => {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
  await runtime.whenIdle();
  await h.control("POST", "/faults", {
    userId: emulatorUserId,
    pathPattern: "/v1.0/$batch",
    status: 429,
    retryAfterSeconds: 1,
    count: 1,
  });
  // Two sessions, so their POSTs go in one $batch (a lone write is sent as the request itself).
  const event = await makeEvent(h.ctx, {
    title: "Throttled course",
    sessions: [
      { start: "2026-12-01T09:00", end: "2026-12-01T17:00" },
      { start: "2026-12-02T09:00", end: "2026-12-02T17:00" },
    ],
  });

  await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });
  await runtime.whenIdle();
  expect(await mailbox(emulatorUserId)).toEqual([]); // waiting for the Retry-After
  await clock.advance(1_000);
  await runtime.whenIdle();

  expect((await mailbox(emulatorUserId)).map((e) => e.subject).sort()).toEqual([
    "Throttled course (session 1 of 2)",
    "Throttled course (session 2 of 2)",
  ]);
  const [entry] = await h.db.select().from(pushEntries).where(eq(pushEntries.instructorId, instructor.id));
  const runs = await runsOf(entry!.connectionId);
  expect(runs.filter((r) => r.status === "failed").map((r) => r.errorClass)).toContain("GraphThrottledError");
  expect(runs.at(-1)).toMatchObject({ status: "succeeded" });
});

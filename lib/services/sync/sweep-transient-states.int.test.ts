/**
 * The every-minute sweep, driven through its cron job on a manual clock: whatever an edge missed
 * (a lost job, a run that died, a status left behind) ends or resumes, and nothing stays transient.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarConnections, jobRequests, syncRuns } from "@/db/schema";
import { ManualClock } from "@/inngest/runtime/clock";
import type { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import { driveUntil } from "@/inngest/runtime/testing/drive";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import { createFunctions } from "@/inngest/functions";
import type { ServiceContext } from "@/lib/context/service-context";
import { discardJobs } from "@/lib/jobs/jobs";
import { createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { nothingLocal, ours, removalFixtures, type RemovalFixtures } from "@/lib/testing/removal-fixtures";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { requestPull } from "../pull/request-pull";
import { STALL_AFTER_MS } from "@/lib/sync/run-liveness";

let h: Harness;
let fx: RemovalFixtures;
let runtime: InProcessRuntime;
let ctx: ServiceContext;
const clock = new ManualClock(new Date());
const domain = "sweep.example";
const jobs = ["sync-sweep", "pull-calendar", "calendar-removal"];

beforeAll(async () => {
  // Its own database on PostgreSQL: the sweep repairs whatever it finds, other test files' rows included.
  h = await createMicrosoftHarness({ isolatedDatabase: true });
  const tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Sweep Ltd", domain })).id;
  fx = removalFixtures(h, { tenantId, domain });
  runtime = testRuntime({
    db: h.db,
    functions: createFunctions(async () => ctx).filter((f) => jobs.some((id) => f.id().endsWith(id))),
    clock,
    backoff: { baseMs: 1_000, maxMs: 5_000 },
  });
  ctx = { ...h.ctx, now: clock.now, jobs: runtime.jobs };
});
afterAll(async () => {
  await runtime.shutdown();
  await h.close();
});

const runRow = async (id: string) => (await h.db.select().from(syncRuns).where(eq(syncRuns.id, id)))[0]!;
/** Job requests of this runtime about a connection (the lost ones are deleted to play a lost job). */
const jobsAbout = (connectionId: string) =>
  and(eq(jobRequests.queue, runtime.queue), sql`${jobRequests.eventData}->>'connectionId' = ${connectionId}`);

/** Lets the minutes pass, a sweep each, until `done` (at most `minutes`). */
async function minutesPass(minutes: number, done: () => Promise<boolean> = async () => false) {
  for (let i = 0; i < minutes && !(await done()); i++) {
    await clock.advance(60_000);
    await driveUntil(runtime, clock, async () => (await runtime.unfinished()) === 0, 100);
  }
}

describe("the sweep", () => {
  it("asks again for a Sync Calendar whose job was lost, on the same run, after the stall bound and not before", async () => {
    const s = await fx.seeded({ tagged: 0, recorded: 0, own: 3 });
    // The request commits; its job is lost (as with the old in-memory runtime when it was full or stopped).
    const { runId } = await requestPull({
      ctx: { ...ctx, jobs: discardJobs },
      instructorId: s.instructor.id,
      trigger: "manual",
    });
    expect(await h.db.select().from(jobRequests).where(jobsAbout(s.connection.id))).toEqual([]);
    await minutesPass(STALL_AFTER_MS / 60_000 - 1);
    expect(await runRow(runId)).toMatchObject({ status: "queued" });
    await minutesPass(3, async () => (await runRow(runId)).status === "succeeded");
    expect(await runRow(runId)).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ added: 3 }) });
  });

  it("ends a run left running by a job that died, with the reason, and clears a stuck `syncing`", async () => {
    const s = await fx.seeded({ tagged: 0, recorded: 0, own: 1 });
    const [run] = await h.db
      .insert(syncRuns)
      .values({
        connectionId: s.connection.id,
        kind: "pull",
        trigger: "manual",
        status: "running",
        queuedAt: clock.now(),
        startedAt: clock.now(),
      })
      .returning();
    await h.db
      .update(calendarConnections)
      .set({ status: "syncing" })
      .where(eq(calendarConnections.id, s.connection.id));
    await minutesPass(STALL_AFTER_MS / 60_000 + 1, async () => (await runRow(run!.id)).status !== "running");
    expect(await runRow(run!.id)).toMatchObject({ status: "failed", errorClass: "RunStalled" });
    expect(await fx.statusOf(s.connection.id)).toBe("connected");
  });

  it("restarts a removal whose job was lost: the disconnection completes and nothing is left on either side", async () => {
    const s = await fx.seeded({ tagged: 4, recorded: 4, own: 2 });
    // The Disconnect commits; its job never runs (as when a process died before it started).
    const { runId } = await disconnectCalendar({
      ctx: { ...ctx, jobs: discardJobs },
      instructorId: s.instructor.id,
      by: "admin",
    });
    expect(await fx.statusOf(s.connection.id)).toBe("disconnecting");
    await minutesPass(STALL_AFTER_MS / 60_000 + 3, async () => (await fx.statusOf(s.connection.id)) === "disconnected");
    expect(await fx.statusOf(s.connection.id)).toBe("disconnected");
    expect(await runRow(runId)).toMatchObject({ status: "cancelled", errorClass: "RunStalled" });
    expect(await fx.localRows(s.connection.id)).toEqual(nothingLocal);
    expect(ours(await fx.mailbox(s.emulatorUserId))).toEqual([]);
    expect(await fx.mailbox(s.emulatorUserId)).toHaveLength(2);
  });

  it("leaves a removal that failed for good to the admin (its reason stays on show)", async () => {
    const s = await fx.seeded({ tagged: 1, recorded: 1, own: 0 });
    const { runId } = await disconnectCalendar({
      ctx: { ...ctx, jobs: discardJobs },
      instructorId: s.instructor.id,
      by: "admin",
    });
    await h.db
      .update(syncRuns)
      .set({ status: "failed", finishedAt: clock.now(), errorMessage: "The mailbox is in an invalid state" })
      .where(eq(syncRuns.id, runId));
    await minutesPass(STALL_AFTER_MS / 60_000 + 2);
    expect(await fx.statusOf(s.connection.id)).toBe("disconnecting");
    const removals = await h.db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.connectionId, s.connection.id), eq(syncRuns.kind, "removal")));
    expect(removals.map((r) => r.status)).toEqual(["failed"]);
  });
});

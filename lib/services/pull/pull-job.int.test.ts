/**
 * The pull job against the emulator in its `realistic` profile: a 429 storm waited out on the same run, a pull
 * joining one already queued, and the triggers (right after connecting, hourly for every live connection).
 * Harness: lib/testing/pull-fixture.ts.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mirrorOf } from "@/db/queries/mirror";
import { calendarConnections, syncRuns } from "@/db/schema";
import { createFunctions } from "@/inngest/functions";
import { ManualClock } from "@/inngest/runtime/clock";
import type { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import type { ServiceContext } from "@/lib/context/service-context";
import { connectInstructor } from "@/lib/testing/microsoft-harness";
import { requestPull } from "./request-pull";
import { scheduleHourlyPulls } from "./schedule-hourly-pulls";
import type { JobEvent } from "@/lib/jobs/jobs";
import {
  connected,
  domain,
  h,
  mirror,
  outlook,
  pastReplicationLag,
  runRow,
  setUpPull,
  tenantId,
  view,
  weeklySeries,
} from "@/lib/testing/pull-fixture";

setUpPull({ isolatedDatabase: true }); // it runs the hourly fan-out, which reaches every live connection

describe("the pull job", () => {
  it("survives a 429 storm: the run waits out Retry-After, retries on the same row and loses nothing", async () => {
    const clock = new ManualClock(new Date());
    const runtime: InProcessRuntime = testRuntime({ db: h.db, functions: createFunctions(async () => ctx), clock });
    const ctx: ServiceContext = { ...h.ctx, jobs: runtime.jobs };
    try {
      const { connection, userId, instructor } = await connected("default");
      await outlook.create(userId, weeklySeries(6));
      await pastReplicationLag();
      // More 429s than the client's inline retries: the step fails and the job retries it after Retry-After.
      await h.control("POST", "/faults", {
        userId,
        pathPattern: "/v1.0/me/calendarView/delta",
        status: 429,
        retryAfterSeconds: 1,
        count: 4,
      });
      const { runId } = await requestPull({ ctx, instructorId: instructor.id, trigger: "manual" });
      await runtime.whenIdle();
      let run = await runRow(runId);
      expect(run).toMatchObject({ status: "failed", errorClass: "GraphThrottledError" });
      expect(await mirrorOf(h.db, connection.id)).toEqual([]);
      // Graph's Retry-After is 1 s: the retry comes then, not after the runtime's 10 s default backoff.
      for (let i = 0; i < 3 && run.status !== "succeeded"; i++) {
        await clock.advance(1_500);
        await runtime.whenIdle();
        run = await runRow(runId);
      }
      expect(run).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ added: 6 }) });
      expect(await mirror(connection.id)).toEqual(await view(connection, "default"));
      const runs = await h.db.select().from(syncRuns).where(eq(syncRuns.connectionId, connection.id));
      // Said with trigger and status, so a failure names the run that should not be here.
      expect(runs.map((r) => [r.id === runId ? "this run" : r.id, r.trigger, r.status])).toEqual([
        ["this run", "manual", "succeeded"],
      ]);
    } finally {
      await runtime.shutdown();
    }
  });

  it("joins a pull already queued instead of queuing another", async () => {
    const { instructor } = await connected("default");
    const first = await requestPull({ ctx: h.ctx, instructorId: instructor.id, trigger: "manual" });
    const second = await requestPull({ ctx: h.ctx, instructorId: instructor.id, trigger: "manual" });
    expect(second).toEqual({ runId: first.runId, joined: true });
  });

  it("is asked for right after a connection is made, and hourly for every live connection", async () => {
    const sent: JobEvent[] = [];
    const recording: ServiceContext = {
      ...h.ctx,
      jobs: { send: async (events) => void sent.push(...[events].flat()) },
    };
    const { instructor } = await connectInstructor(
      { ...h, ctx: recording },
      { tenantId, domain, privacyMode: "default" },
    );
    const [connection] = await h.db
      .select()
      .from(calendarConnections)
      .where(eq(calendarConnections.instructorId, instructor.id));
    // The connect asks for the first pull (and Push for the instructor's bookings).
    expect(sent.filter((e) => e.name === "sync/pull.requested")).toEqual([
      { name: "sync/pull.requested", data: { connectionId: connection!.id, trigger: "connect" } },
    ]);

    const refused = await connected("default");
    await h.db
      .update(calendarConnections)
      .set({ status: "reconnect_needed" })
      .where(eq(calendarConnections.id, refused.connection.id));
    sent.length = 0;
    const outcome = await scheduleHourlyPulls({ ctx: recording });
    // Other test files may connect and disconnect meanwhile on a shared database: check this file's own.
    expect(outcome.sent).toBe(sent.length);
    expect(sent.map((e) => e.data.connectionId)).toContain(connection!.id);
    expect(sent.every((e) => e.name === "sync/pull.requested" && ["hourly", "baseline"].includes(e.data.trigger))).toBe(
      true,
    );
    // Never pulled yet, so its round is a baseline (pull-window.int.test.ts follows one through the days).
    expect(sent).toContainEqual({
      name: "sync/pull.requested",
      data: { connectionId: connection!.id, trigger: "baseline" },
    });
    expect(sent.map((e) => e.data.connectionId)).not.toContain(refused.connection.id);
  });
});

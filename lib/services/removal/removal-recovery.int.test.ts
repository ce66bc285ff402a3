/**
 * Removal when things go wrong half-way, against the emulator (realistic profile): counts stay right when
 * a crashed sweep is resumed by another process, a run that exhausts its retries is marked failed with the
 * reason (not left running), and Remove Calendar then starts it again, still ending as whoever began the
 * disconnection (admin, or the instructor: their Disconnect or revoking the app); the bulk service and its preview.
 */
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarConnections, connectionEvents } from "@/db/schema";
import { listCalendarIntegration } from "@/db/queries/calendar-integration";
import { makeInstructor } from "@/db/testing/factories";
import type { JobEvent } from "@/inngest/events";
import { createFunctions } from "@/inngest/functions";
import type { InProcessRuntime, RunRecord } from "@/inngest/runtime/in-process-runtime";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import type { ServiceContext } from "@/lib/context/service-context";
import { AccessRevokedError } from "@/lib/errors";
import { discardJobs } from "@/lib/jobs/jobs";
import type { ConnectionStatus } from "@/lib/sync/connection-state";
import { createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { nothingLocal, ours, removalFixtures, type RemovalFixtures } from "@/lib/testing/removal-fixtures";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { handleRefusedGrant } from "../sync/handle-refused-grant";
import { previewCalendarRemovals } from "./preview-calendar-removals";
import { removeCalendars } from "./remove-calendars";

let h: Harness;
let fx: RemovalFixtures;
const runtimes: InProcessRuntime[] = [];
const domain = "removal-recovery.example";

function processWith(context: () => Promise<ServiceContext>, onRunFinished?: (run: RunRecord) => void) {
  const runtime = testRuntime({
    db: h.db,
    functions: createFunctions(context),
    backoff: { baseMs: 5, maxMs: 20 },
    onRunFinished,
  });
  runtimes.push(runtime);
  return runtime;
}
const drained = (r: InProcessRuntime) => r.settled({ timeoutMs: 60_000 });
const useRuntime = (r: InProcessRuntime) => (h.ctx.jobs = r.jobs);

beforeAll(async () => {
  h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: 1414 } });
  const tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Recovery Ltd", domain })).id;
  fx = removalFixtures(h, { tenantId, domain });
  useRuntime(processWith(async () => h.ctx));
});
afterAll(async () => {
  for (const r of runtimes) await r.shutdown();
  await h.close();
});

describe("Removal recovery", () => {
  it("a sweep that crashed after its first $batch is resumed by another process, and the counts cover both", async () => {
    const s = await fx.seeded({ tagged: 30, recorded: 30, own: 4 });
    // Process A dies as the sweep starts its second chunk (the first 20 deleted); it never comes back.
    let crashed = false;
    const crashing = (): ServiceContext => {
      if (crashed) throw new Error("process A is gone");
      const graph = h.ctx.graph!;
      return {
        ...h.ctx,
        graph: new Proxy(graph, {
          get: (target, key) =>
            key !== "forConnection"
              ? Reflect.get(target, key)
              : (...args: Parameters<typeof graph.forConnection>) => {
                  const client = graph.forConnection(...args);
                  const seen = new Set<string>();
                  return new Proxy(client, {
                    get: (c, k) => {
                      const value = Reflect.get(c, k) as unknown;
                      if (k !== "batch") return typeof value === "function" ? value.bind(c) : value;
                      return async (...a: Parameters<typeof client.batch>) => {
                        // The first $batch of the second chunk (not a re-send of the first chunk's throttled deletes).
                        if (seen.size && a[0].some((step) => !seen.has(step.url))) {
                          crashed = true;
                          throw new Error("process A crashed");
                        }
                        for (const step of a[0]) seen.add(step.url);
                        return client.batch(...a);
                      };
                    },
                  });
                },
        }),
      };
    };
    const a = processWith(async () => crashing());
    useRuntime(a);
    const { runId, connectionId } = await disconnectCalendar({
      ctx: h.ctx,
      instructorId: s.instructor.id,
      by: "admin",
    });
    await drained(a);
    expect(ours(await fx.mailbox(s.emulatorUserId))).toHaveLength(10);
    expect((await fx.runOf(runId)).counts).toMatchObject({ deleted: 20 });

    // Inngest redelivers the request to process B, which finds only what is left.
    const b = processWith(async () => h.ctx);
    useRuntime(b);
    await b.send({ name: "calendar/removal.requested", data: { connectionId, by: "admin", runId } });
    await drained(b);
    expect(ours(await fx.mailbox(s.emulatorUserId))).toEqual([]);
    expect(await fx.mailbox(s.emulatorUserId)).toHaveLength(4);
    expect(await fx.localRows(connectionId)).toEqual(nothingLocal);
    const run = await fx.runOf(runId);
    expect(run.status).toBe("succeeded");
    expect(run.counts).toMatchObject({ found: 30, deleted: 30, alreadyGone: 0, pushEntries: 30, tokenCaches: 1 });
    // Both processes' Graph requests: A's search and first $batch, B's search and $batch at least.
    expect(run.graphRequests).toBeGreaterThanOrEqual(4);
  }, 60_000);

  // Who began the disconnection, and how: the removal fails (Outlook refuses every delete), an admin restarts
  // it with Remove Calendar, and it still ends as the requester's.
  const waysIn: [string, "admin" | "instructor", (instructorId: string) => Promise<unknown>, ConnectionStatus][] = [
    [
      "an admin's Remove Calendar",
      "admin",
      (instructorId) => removeCalendars({ ctx: h.ctx, input: { instructorIds: [instructorId] } }),
      "disconnected",
    ],
    [
      "the instructor's Disconnect",
      "instructor",
      (instructorId) => disconnectCalendar({ ctx: h.ctx, instructorId, by: "instructor" }),
      "disconnected_by_instructor",
    ],
    [
      "the instructor revoking the app at Microsoft",
      "instructor",
      (instructorId) =>
        handleRefusedGrant({
          ctx: h.ctx,
          instructorId,
          error: new AccessRevokedError("AADSTS65001: The user has not consented to use the application"),
        }),
      "disconnected_by_instructor",
    ],
  ];
  it.each(waysIn)(
    "a removal begun by %s that exhausts its retries is marked failed; restarted by an admin, it ends as the %s's",
    async (_how, requester, disconnect, ends) => {
      const s = await fx.seeded({ tagged: 3, recorded: 3, own: 2 });
      const finished: RunRecord[] = [];
      const runtime = processWith(
        async () => h.ctx,
        (run) => finished.push(run),
      );
      const sent: JobEvent[] = [];
      h.ctx.jobs = {
        send: async (events) => {
          sent.push(...(Array.isArray(events) ? events : [events]));
          await runtime.send(events);
        },
      };
      // Outlook refuses every delete with an error no retry fixes (6 attempts × 3 deletes, and some to spare).
      await h.control("POST", "/faults", {
        method: "DELETE",
        userId: s.emulatorUserId,
        status: 400,
        errorCode: "ErrorInvalidRequest",
        message: "The mailbox is in an invalid state",
        count: 40,
      });
      await disconnect(s.instructor.id);
      await drained(runtime);
      await h.control("DELETE", "/faults");
      const removal = finished.find((r) => r.functionId === "calendar-removal")!;
      expect(removal).toMatchObject({ status: "failed", failureHandler: { status: "succeeded" } });
      expect(removal.attempts).toHaveLength(6);
      const runId = (sent.find((e) => e.name === "calendar/removal.requested")!.data as { runId: string }).runId;
      const failed = await fx.runOf(runId);
      expect(failed).toMatchObject({ status: "failed" });
      expect(failed.errorMessage).toContain("invalid state");
      expect(failed.finishedAt).not.toBeNull();
      const [row] = await h.db.select().from(calendarConnections).where(eq(calendarConnections.id, s.connection.id));
      expect(row).toMatchObject({ status: "disconnecting", disconnectRequestedBy: requester });
      const log = async () =>
        h.db
          .select()
          .from(connectionEvents)
          .where(eq(connectionEvents.instructorId, s.instructor.id))
          .orderBy(asc(connectionEvents.at));
      expect((await log()).map((e) => e.kind)).toContain("removal_failed");
      // While it waits for the restart, the admin's table already says whose disconnection it is.
      const listed = await listCalendarIntegration(h.db, { now: h.ctx.now() });
      expect(listed.find((r) => r.instructorId === s.instructor.id)).toMatchObject({
        status: ends,
        lastRemoval: { status: "failed" },
      });

      // The admin sees it and clicks Remove Calendar again: the dialog offers a restart, and it completes.
      const preview = await previewCalendarRemovals({ ctx: h.ctx, input: { instructorIds: [s.instructor.id] } });
      expect(preview.instructors[0]).toMatchObject({
        action: { kind: "retry" },
        entriesInOutlook: 3,
        // Their own events only (db/queries/mirrored-counts.ts): our entry read back by Pull is one of the 3.
        mirroredEvents: 1,
      });
      sent.length = 0;
      const again = await removeCalendars({ ctx: h.ctx, input: { instructorIds: [s.instructor.id] } });
      expect(again.started).toHaveLength(1);
      expect(sent).toEqual([
        {
          name: "calendar/removal.requested",
          data: { connectionId: s.connection.id, by: requester, runId: again.started[0]!.runId },
        },
      ]);
      await drained(runtime);
      expect(await fx.statusOf(s.connection.id)).toBe(ends);
      expect(ours(await fx.mailbox(s.emulatorUserId))).toEqual([]);
      expect(await fx.runOf(again.started[0]!.runId)).toMatchObject({ status: "succeeded", counts: { deleted: 3 } });
      // The connection log says the admin restarted it, and whose removal it finished.
      const restarted = (await log()).filter((e) => e.kind === "removal_restarted");
      expect(restarted).toHaveLength(1);
      expect(restarted[0]!.message).toMatch(/^An admin started the removal again/);
      expect(restarted[0]!.message.includes("Disconnected by instructor")).toBe(requester === "instructor");
      const listedAfter = await listCalendarIntegration(h.db, { now: h.ctx.now() });
      expect(listedAfter.find((r) => r.instructorId === s.instructor.id)).toMatchObject({ status: ends });
    },
    60_000,
  );

  it("a request re-sent with another `by` still ends as the requester recorded on the connection", async () => {
    const runtime = processWith(async () => h.ctx);
    useRuntime(runtime);
    const s = await fx.seeded({ tagged: 2, recorded: 2, own: 1 });
    // The instructor's Disconnect commits, its request is lost; a stale or hand-made request says "admin".
    h.ctx.jobs = discardJobs;
    const { runId, connectionId } = await disconnectCalendar({
      ctx: h.ctx,
      instructorId: s.instructor.id,
      by: "instructor",
    });
    useRuntime(runtime);
    await runtime.send({ name: "calendar/removal.requested", data: { connectionId, by: "admin", runId } });
    await drained(runtime);
    expect(await fx.statusOf(connectionId)).toBe("disconnected_by_instructor");
    expect(await fx.runOf(runId)).toMatchObject({ status: "succeeded", counts: { deleted: 2 } });
  }, 60_000);

  it("Remove Calendar previews per instructor what goes, removes the connected ones and says why others are skipped", async () => {
    const runtime = processWith(async () => h.ctx);
    useRuntime(runtime);
    const connected = await fx.seeded({ tagged: 5, recorded: 4, own: 1 });
    const never = await makeInstructor(h.ctx);
    const preview = await previewCalendarRemovals({
      ctx: h.ctx,
      input: { instructorIds: [never.id, connected.instructor.id] },
    });
    // Push entries recorded in Outlook (4; the sweep also finds the fifth by its tag) and the 2 mirrored events.
    expect(preview).toEqual({
      instructors: [
        {
          instructorId: never.id,
          name: never.name,
          action: { kind: "skip", reason: "not connected" },
          entriesInOutlook: 0,
          mirroredEvents: 0,
        },
        {
          instructorId: connected.instructor.id,
          name: connected.instructor.name,
          action: { kind: "remove" },
          entriesInOutlook: 4,
          mirroredEvents: 1, // the table's figure: our own entry in the mirror is counted in entriesInOutlook
        },
      ],
      totals: { calendars: 1, entriesInOutlook: 4, mirroredEvents: 1 },
    });
    const result = await removeCalendars({
      ctx: h.ctx,
      input: { instructorIds: [never.id, connected.instructor.id] },
    });
    expect(result.skipped).toEqual([{ instructorId: never.id, reason: "not connected" }]);
    expect(result.started.map((r) => r.instructorId)).toEqual([connected.instructor.id]);
    // While it runs (or once done) a second click skips it.
    const twice = await removeCalendars({ ctx: h.ctx, input: { instructorIds: [connected.instructor.id] } });
    expect(twice.started).toEqual([]);
    await drained(runtime);
    const [row] = await h.db
      .select()
      .from(calendarConnections)
      .where(eq(calendarConnections.instructorId, connected.instructor.id));
    expect(row!.status).toBe("disconnected");
    expect(await fx.runOf(result.started[0]!.runId)).toMatchObject({
      status: "succeeded",
      counts: { found: 5, deleted: 5 },
    });
  }, 60_000);
});

/**
 * Killed half-way: process A runs a pull, a push or a removal and dies at a Graph call (the call's
 * answer lost with it); process B starts on the same database and, once A's claim lapses, resumes the
 * run from its last step. Each converges: the mirror equals calendarView, each booked session has
 * exactly one entry, the removal completes.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { pushEntries } from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import { createFunctions } from "@/inngest/functions";
import type { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import type { ServiceContext } from "@/lib/context/service-context";
import { dyingContext, type DeathPlan } from "@/lib/testing/dying-process";
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
import { nothingLocal, ours, removalFixtures } from "@/lib/testing/removal-fixtures";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { requestPull } from "../pull/request-pull";
import { assignInstructor } from "../training/assign-instructor";

// Both emulator profiles: CI runs this file on PGlite with the clean one and on PostgreSQL with the realistic one.
setUpPull({ profile: "fromEnv" });

const LEASE_MS = 1_500;
const runtimes: InProcessRuntime[] = [];
afterAll(async () => {
  for (const r of runtimes) await r.shutdown({ timeoutMs: 1_000 });
});

/**
 * Process A (dies as `dieAt` says) and, once it has, process B on the same queue. `ctx` is the
 * context requests are made with (its jobs record into the queue both share).
 */
function processes(dieAt: DeathPlan) {
  const queue = `test:${randomUUID()}`;
  const start = (context: () => ServiceContext) => {
    const runtime = testRuntime({
      db: h.db,
      queue,
      leaseMs: LEASE_MS,
      backoff: { baseMs: 100, maxMs: 500 },
      functions: createFunctions(async () => context()),
    });
    runtimes.push(runtime);
    return runtime;
  };
  // eslint-disable-next-line prefer-const -- the dying context needs the runtime it kills, made after it
  let a: InProcessRuntime;
  const dying = dyingContext(h.ctx, () => a, dieAt);
  a = start(() => ({ ...dying.ctx, jobs: a.jobs }));
  return {
    ctx: { ...h.ctx, jobs: a.jobs } as ServiceContext,
    /** Waits for A to die, then starts B and lets it finish everything. */
    async afterDeath() {
      await vi.waitFor(() => expect(dying.died).toBe(true), { timeout: 20_000 });
      const b: InProcessRuntime = start(() => ({ ...h.ctx, jobs: b.jobs }));
      await b.settled({ timeoutMs: 30_000 });
      return b;
    },
  };
}

describe("killed half-way, resumed by another process", () => {
  it("a pull whose read reached Graph: B reads again on the same run, and the mirror equals calendarView", async () => {
    const { connection, userId, instructor } = await connected("default");
    await outlook.create(userId, weeklySeries(6));
    await pastReplicationLag();
    const p = processes(({ n }) => (n === 1 ? "after" : null));
    const { runId } = await requestPull({ ctx: p.ctx, instructorId: instructor.id, trigger: "manual" });
    await p.afterDeath();
    expect(await runRow(runId)).toMatchObject({ status: "succeeded", counts: expect.objectContaining({ added: 6 }) });
    expect(await mirror(connection.id)).toEqual(await view(connection, "default"));
  });

  it("a push whose create reached Outlook but whose answer was lost: B records it, with no second entry", async () => {
    const { connection, userId, instructor } = await connected("default");
    const p = processes(({ method }) => (method === "batch" ? "after" : null));
    const event = await makeEvent(h.ctx, { title: "Rope access" });
    await assignInstructor({ ctx: p.ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });
    await p.afterDeath();
    const entries = ours(await h.control<{ value: never[] }>("GET", `/users/${userId}/events`).then((r) => r.value));
    expect(entries.map((e: { subject: string }) => e.subject)).toEqual(["Rope access"]);
    const rows = await h.db.select().from(pushEntries).where(eq(pushEntries.connectionId, connection.id));
    expect(rows).toHaveLength(event.sessions.length);
    expect(rows.map((r) => [r.status, Boolean(r.outlookEventId)])).toEqual([["in_outlook", true]]);
  });

  it("a removal that died after its first $batch of deletes: B completes it and nothing is left on either side", async () => {
    const fx = removalFixtures(h, { tenantId, domain });
    const s = await fx.seeded({ tagged: 30, recorded: 30, own: 3 });
    // The sweep's first $batch (20 deletes) reaches Outlook; the process dies with its answer.
    const p = processes(({ method }) => (method === "batch" ? "after" : null));
    const { runId } = await disconnectCalendar({ ctx: p.ctx, instructorId: s.instructor.id, by: "admin" });
    await p.afterDeath();
    expect(await fx.statusOf(s.connection.id)).toBe("disconnected");
    expect(await fx.localRows(s.connection.id)).toEqual(nothingLocal);
    expect(ours(await fx.mailbox(s.emulatorUserId))).toEqual([]);
    expect(await fx.mailbox(s.emulatorUserId)).toHaveLength(3);
    expect(await fx.runOf(runId)).toMatchObject({ status: "succeeded" });
  });
});

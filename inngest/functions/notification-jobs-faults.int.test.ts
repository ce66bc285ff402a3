/**
 * The two notification jobs under faults, against the emulator (in the profile EMULATOR_PROFILE names), through the in-process
 * runtime on one database:
 * - calendar-subscription killed after its create reached Graph (the answer lost with the process):
 *   process B runs the job again and the mailbox keeps exactly one live subscription of ours, the one
 *   recorded. Through a Graph outage: a short one is waited out, a long one ends the run failed with the
 *   reason, nothing stays queued or running, and the next request leaves one live subscription.
 * - notification-pull (the pull a change notification asks for) killed after recording its pull but
 *   before saving the step: process B resumes it and exactly one pull is asked for; the mirror equals
 *   calendarView. Through a Graph outage the pull waits it out; the next notification's pull succeeds.
 * The webhook's part (a notification becomes `sync/notification.received`) is proven in
 * lib/services/notifications/notifications.int.test.ts; here the event is sent as the webhook sends it.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mirrorOf } from "@/db/queries/mirror";
import { calendarConnections, calendarSubscriptions, jobRequests, syncRuns } from "@/db/schema";
import type { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import type { ServiceContext } from "@/lib/context/service-context";
import { discardJobs } from "@/lib/jobs/jobs";
import { requestPull } from "@/lib/services/pull/request-pull";
import { mapGraphEvent } from "@/lib/sync/map-graph-event";
import type { MirrorEvent } from "@/lib/sync/mirror-event";
import { pullWindow } from "@/lib/sync/pull-window";
import { dyingContext, type DeathPlan } from "@/lib/testing/dying-process";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { startNotificationEndpoint, type NotificationEndpoint } from "@/lib/testing/notification-endpoint";
import { profileFromEnv } from "@/e2e/emulator/profile-env";
import { createFunctions } from ".";

const LEASE_MS = 1_500;
const DAY = 86_400_000;
const domain = "notification-faults.example";

// The profile follows EMULATOR_PROFILE / EMULATOR_SEED: CI runs this file in both (clean on PGlite, realistic on
// PostgreSQL), so each profile costs one run.
describe(`the ${profileFromEnv()?.profile ?? "clean"} emulator profile`, () => {
  let h: Harness;
  let endpoint: NotificationEndpoint;
  let tenantId: string;
  /** The app's context with a public notification URL; each runtime adds its own jobs. */
  let base: ServiceContext;
  const runtimes: InProcessRuntime[] = [];

  beforeAll(async () => {
    h = await createMicrosoftHarness();
    tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Faults Ltd", domain })).id;
    // The webhook answers Graph's validation and notifications; what it asks for is not run here.
    endpoint = await startNotificationEndpoint(async () => ({ ...base, jobs: discardJobs }));
    base = { ...h.ctx, config: { ...h.ctx.config, notificationBaseUrl: endpoint.baseUrl }, jobs: discardJobs };
  });
  afterAll(async () => {
    for (const r of runtimes) await r.shutdown({ timeoutMs: 1_000 });
    await endpoint.close();
    await h.close();
  });

  function runtimeOn(queue: string, context: (jobs: InProcessRuntime) => ServiceContext) {
    const runtime: InProcessRuntime = testRuntime({
      db: h.db,
      queue,
      leaseMs: LEASE_MS,
      backoff: { baseMs: 50, maxMs: 400 },
      functions: createFunctions(async () => context(runtime)),
    });
    runtimes.push(runtime);
    return runtime;
  }
  const plain = (queue = `test:${randomUUID()}`) => runtimeOn(queue, (r) => ({ ...base, jobs: r.jobs }));

  /** Process A (dies as `dieAt` says, or when the test kills it) and, after its death, process B on its queue. */
  function processes(dieAt: DeathPlan = () => null) {
    const queue = `test:${randomUUID()}`;
    let dying: ReturnType<typeof dyingContext> | undefined;
    const a = runtimeOn(queue, (r) => {
      dying ??= dyingContext(base, () => r, dieAt);
      return { ...dying.ctx, jobs: r.jobs };
    });
    let killed = false;
    return {
      queue,
      a,
      kill() {
        killed = true;
        a.kill();
      },
      async afterDeath() {
        await vi.waitFor(() => expect(killed || dying?.died).toBe(true), { timeout: 20_000 });
        const b = plain(queue);
        await b.settled({ timeoutMs: 30_000 });
        return b;
      },
    };
  }

  /** A connected instructor (no job run at connect), its first pull done. */
  async function connected() {
    const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain, privacyMode: "default" });
    const [connection] = await h.db
      .select()
      .from(calendarConnections)
      .where(eq(calendarConnections.instructorId, instructor.id));
    const r = plain();
    await requestPull({ ctx: { ...base, jobs: r.jobs }, instructorId: instructor.id, trigger: "manual" });
    await r.settled({ timeoutMs: 30_000 });
    return { instructor, connection: connection!, userId: emulatorUserId };
  }

  /** Graph answers 503 to the mailbox's next `count` requests (Retry-After 0: the retries in test time). */
  const outage = (userId: string, count: number) =>
    h.control("POST", "/faults", {
      userId,
      status: 503,
      count,
      retryAfterSeconds: 0,
      errorCode: "ServiceUnavailable",
      message: "Down",
    });
  const runStates = async (queue: string, functionId?: string) =>
    (
      await h.db
        .select({ state: jobRequests.state, functionId: jobRequests.functionId })
        .from(jobRequests)
        .where(eq(jobRequests.queue, queue))
    )
      .filter((r) => !functionId || r.functionId?.endsWith(functionId))
      .map((r) => r.state)
      .sort();
  const subscriptionRow = async (connectionId: string) =>
    (await h.db.select().from(calendarSubscriptions).where(eq(calendarSubscriptions.connectionId, connectionId)))[0];
  const liveSubscriptions = async (userId: string) =>
    (
      await h.control<{ value: { id: string; expirationDateTime: string }[] }>("GET", `/subscriptions?userId=${userId}`)
    ).value
      .filter((s) => new Date(s.expirationDateTime) > new Date())
      .map((s) => s.id);
  const notificationPulls = (connectionId: string) =>
    h.db
      .select()
      .from(syncRuns)
      .where(
        and(eq(syncRuns.connectionId, connectionId), eq(syncRuns.kind, "pull"), eq(syncRuns.trigger, "notification")),
      );

  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  async function outlookChange(userId: string, subject: string) {
    const start = Math.floor(Date.now() / DAY) * DAY + 2 * DAY + 9 * 3_600_000;
    await h.control("POST", `/users/${userId}/events`, {
      subject,
      start: { dateTime: iso(start), timeZone: "UTC" },
      end: { dateTime: iso(start + 3_600_000), timeZone: "UTC" },
    });
    await h.control("POST", "/clock", { advanceSeconds: 2 }); // past the realistic profile's replication lag
  }
  const comparable = (events: MirrorEvent[]) =>
    events.map((e) => ({ ...e, changeKey: null })).sort((a, b) => a.graphId.localeCompare(b.graphId));
  async function mirrorEqualsView(connection: typeof calendarConnections.$inferSelect, timeZone: string) {
    const client = h.ctx.graph!.forConnection({ id: connection.id, homeAccountId: connection.homeAccountId! });
    const events = await client.listCalendarView(pullWindow({ now: h.ctx.now(), timeZone }));
    const view = comparable(events.map((e) => mapGraphEvent(e, { homeZone: timeZone, privacyMode: "default" })!));
    expect(comparable(await mirrorOf(h.db, connection.id))).toEqual(view);
  }

  describe("calendar-subscription", () => {
    it("killed after its create reached Graph: B leaves exactly one live subscription, the recorded one", async () => {
      const { connection, userId } = await connected();
      const p = processes(({ method }) => (method === "create" ? "after" : null));
      await p.a.send({ name: "sync/subscription.requested", data: { connectionId: connection.id } });
      await p.afterDeath();
      const row = await subscriptionRow(connection.id);
      expect(row).toMatchObject({ status: "active" });
      expect(await liveSubscriptions(userId)).toEqual([row!.graphSubscriptionId]);
      expect(await runStates(p.queue)).toEqual(["succeeded"]);
    }, 60_000);

    it("through a Graph outage: a short one is waited out, a long one fails the run with the reason; the next request leaves one", async () => {
      const r = plain();
      const short = await connected();
      await outage(short.userId, 8);
      await r.send({ name: "sync/subscription.requested", data: { connectionId: short.connection.id } });
      await r.settled({ timeoutMs: 60_000 });
      expect(await subscriptionRow(short.connection.id)).toMatchObject({ status: "active" });
      expect(await liveSubscriptions(short.userId)).toHaveLength(1);

      const long = await connected();
      await outage(long.userId, 1_000);
      await r.send({ name: "sync/subscription.requested", data: { connectionId: long.connection.id } });
      await r.settled({ timeoutMs: 60_000 });
      expect(await subscriptionRow(long.connection.id)).toMatchObject({
        status: "failed",
        lastError: expect.stringMatching(/Unavailable/),
      });
      expect(await runStates(r.queue)).toEqual(["failed", "succeeded"]);
      await h.control("DELETE", "/faults");

      await r.send({ name: "sync/subscription.requested", data: { connectionId: long.connection.id } });
      await r.settled({ timeoutMs: 30_000 });
      const row = await subscriptionRow(long.connection.id);
      expect(row).toMatchObject({ status: "active" });
      expect(await liveSubscriptions(long.userId)).toEqual([row!.graphSubscriptionId]);
    }, 120_000);
  });

  describe("notification-pull", () => {
    it("killed after recording its pull, before saving the step: B resumes it, one pull is asked for, the mirror equals calendarView", async () => {
      const { connection, userId, instructor } = await connected();
      await outlookChange(userId, "Changed in Outlook");
      const p = processes();
      // Dies as soon as the step's pull request is recorded, before the step's result is saved.
      const send = p.a.send.bind(p.a);
      p.a.send = async (events) => {
        const sent = await send(events);
        if ([events].flat().some((e) => e.name === "sync/pull.requested")) p.kill();
        return sent;
      };
      await p.a.send({ name: "sync/notification.received", data: { connectionId: connection.id } });
      await p.afterDeath();
      expect(await runStates(p.queue, "notification-pull")).toEqual(["succeeded"]);
      expect(await runStates(p.queue, "pull-calendar")).toEqual(["succeeded"]);
      expect((await notificationPulls(connection.id)).map((r) => r.status)).toEqual(["succeeded"]);
      await mirrorEqualsView(connection, instructor.timeZone);
    }, 60_000);

    it("through a Graph outage: its pull waits the outage out, nothing stays queued or running, the next one succeeds", async () => {
      const { connection, userId, instructor } = await connected();
      const r = plain();
      await outlookChange(userId, "During the outage");
      await outage(userId, 8);
      await r.send({ name: "sync/notification.received", data: { connectionId: connection.id } });
      await r.settled({ timeoutMs: 60_000 });
      expect((await notificationPulls(connection.id)).map((p) => p.status)).toEqual(["succeeded"]);
      expect(await runStates(r.queue)).toEqual(["succeeded", "succeeded"]);
      await mirrorEqualsView(connection, instructor.timeZone);

      await outlookChange(userId, "After the outage");
      await r.send({ name: "sync/notification.received", data: { connectionId: connection.id } });
      await r.settled({ timeoutMs: 30_000 });
      expect((await notificationPulls(connection.id)).map((p) => p.status)).toEqual(["succeeded", "succeeded"]);
      await mirrorEqualsView(connection, instructor.timeZone);
    }, 90_000);
  });
});

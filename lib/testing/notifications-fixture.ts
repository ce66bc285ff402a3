/**
 * The harness of the change-notification tests (notifications.int.test.ts, full-private-notifications.int.test.ts):
 * the emulator in its `realistic` profile with response bodies logged, the app's real webhook on a local port and
 * the app's jobs in the in-process runtime on a hand-driven clock (so the debounce window is explicit). A test file
 * calls `setUpNotifications()` once; the bindings below are its harness while the file runs.
 */
import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { calendarConnections, calendarSubscriptions, notifiedChanges, syncRuns } from "@/db/schema";
import { createFunctions } from "@/inngest/functions";
import { ManualClock } from "@/inngest/runtime/clock";
import type { InProcessRuntime, RunRecord } from "@/inngest/runtime/in-process-runtime";
import { testRuntime } from "@/inngest/runtime/testing/test-runtime";
import type { ServiceContext } from "@/lib/context/service-context";
import { NOTIFICATION_PATH } from "@/lib/sync/change-notifications";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { startNotificationEndpoint, type NotificationEndpoint } from "@/lib/testing/notification-endpoint";

export type EmulatorSubscription = {
  id: string;
  notificationUrl: string;
  expirationDateTime: string;
  clientState?: string;
};
export type LogEntry = {
  path: string;
  method: string;
  status: number;
  query: Record<string, string>;
  responseBody?: unknown;
};

export let h: Harness;
export let endpoint: NotificationEndpoint;
export let runtime: InProcessRuntime;
export let clock: ManualClock;
export let ctx: ServiceContext;
export let tenantId: string;
export const finished: RunRecord[] = [];
export const domain = "notify.example";
export const HOUR = 3_600_000;

/** Registers the harness (emulator in its realistic profile, webhook, in-process jobs) for the calling test file. */
export function setUpNotifications() {
  beforeAll(async () => {
    // Response bodies logged: the privacy checks read every byte Graph sent for a Full Private Mode instructor.
    h = await createMicrosoftHarness({ emulatorConfig: { logResponseBodies: true } });
    await h.control("POST", "/profile", { profile: "realistic", seed: 20261128 });
    tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Notify Ltd", domain })).id;
    clock = new ManualClock(new Date());
    runtime = testRuntime({
      db: h.db,
      functions: createFunctions(async () => ctx),
      clock,
      // No cron timers: the manual clock crosses an hour at a moment that depends on the wall clock, and an
      // hourly pull landing mid-test reads the notified ids first (a CI flake). The crons are called directly.
      cronTimers: false,
      backoff: { baseMs: 20, maxMs: 200 },
      onRunFinished: (run) => finished.push(run),
    });
    endpoint = await startNotificationEndpoint(async () => ctx);
    ctx = {
      ...h.ctx,
      config: { ...h.ctx.config, notificationBaseUrl: endpoint.baseUrl },
      jobs: runtime.jobs,
    };
  });
  afterAll(async () => {
    await runtime?.shutdown();
    await endpoint?.close();
    await h?.close();
  });
}

/** Swaps the context the jobs and the webhook use (a test that loses jobs, then restores them). */
export function replaceContext(next: ServiceContext) {
  ctx = next;
}

/** Connects an instructor with the app's jobs running: the first pull, then the subscription. */
export async function connected(privacyMode: "default" | "full_private" = "default") {
  const { instructor, emulatorUserId } = await connectInstructor({ ...h, ctx }, { tenantId, domain, privacyMode });
  await settle();
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  return { instructor, connection: connection!, userId: emulatorUserId };
}

export const subscriptionRow = async (connectionId: string) =>
  (await h.db.select().from(calendarSubscriptions).where(eq(calendarSubscriptions.connectionId, connectionId)))[0];

export async function emulatorSubscriptions(userId: string) {
  return (await h.control<{ value: EmulatorSubscription[] }>("GET", `/subscriptions?userId=${userId}`)).value;
}

/**
 * Lets Graph deliver everything it holds (late ones are due on the emulator's clock, moved past the
 * realistic profile's 8 s), lets the jobs those deliveries queued run, then moves the runtime's clock
 * past the debounce window and lets the pulls finish.
 */
export async function settle() {
  for (let round = 0; round < 3; round++) {
    await h.control("POST", "/clock", { advanceSeconds: 30 });
    await until(async () => (await h.control<{ pending: number }>("GET", "/notifications")).pending === 0);
    await runtime.whenIdle();
    await clock.advance(25_000);
    await runtime.whenIdle();
  }
}

export async function until(probe: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const pullsOf = (connectionId: string, since: Date) =>
  h.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connectionId), eq(syncRuns.kind, "pull"), gt(syncRuns.queuedAt, since)))
    .orderBy(syncRuns.queuedAt);

/** The event ids notifications noted for a connection that no pull has read past yet. */
export const pendingIds = (connectionId: string) =>
  h.db.select().from(notifiedChanges).where(eq(notifiedChanges.connectionId, connectionId));

export const today = () => Math.floor(Date.now() / 86_400_000) * 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
export const timed = (day: number, hour: number, subject: string) => ({
  subject,
  start: { dateTime: iso(today() + day * 86_400_000 + hour * HOUR), timeZone: "UTC" },
  end: { dateTime: iso(today() + day * 86_400_000 + (hour + 1) * HOUR), timeZone: "UTC" },
});
/** A weekly series of `count` occurrences, the first `day` days from today. */
export const weekly = (day: number, count: number) => ({
  pattern: {
    type: "weekly",
    interval: 1,
    daysOfWeek: [
      new Date(today() + day * 86_400_000)
        .toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" })
        .toLowerCase(),
    ],
  },
  range: { type: "numbered", startDate: iso(today() + day * 86_400_000).slice(0, 10), numberOfOccurrences: count },
});
export const post = (body: unknown, query = "") =>
  fetch(`${endpoint.baseUrl}${NOTIFICATION_PATH}${query}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

/**
 * The harness of the pull tests (pull-connection.int.test.ts, pull-job.int.test.ts): the emulator in its
 * `realistic` profile with response bodies logged, one tenant, and the helpers that connect, pull and compare the
 * mirror with calendarView. A test file calls `setUpPull()` once; the bindings below are its harness meanwhile.
 */
import type { Event } from "@microsoft/microsoft-graph-types";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect } from "vitest";
import { mirrorOf } from "@/db/queries/mirror";
import { calendarConnections, syncRuns } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { mapGraphEvent, type MapOptions } from "@/lib/sync/map-graph-event";
import type { MirrorEvent } from "@/lib/sync/mirror-event";
import { pullWindow } from "@/lib/sync/pull-window";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { pullConnection } from "@/lib/services/pull/pull-connection";
import { queuePullRun } from "@/lib/services/pull/queue-pull-run";

export type LogEntry = { path: string; query: Record<string, string>; status: number; responseBody?: unknown };

export let h: Harness;
export let tenantId: string;
export const domain = "pull.example";
export const DAY = 86_400_000;
export const ZONE = "Europe/London";

/**
 * Registers the harness (emulator in its realistic profile, a tenant) for the calling test file.
 * `profile: "fromEnv"`: the profile EMULATOR_PROFILE names instead (clean when unset), for the fault tests CI
 * runs in both profiles (clean on PGlite, realistic on PostgreSQL). `isolatedDatabase`: a database of the
 * file's own on PostgreSQL, for a file that runs the hourly fan-out (it reaches every live connection).
 */
export function setUpPull(options: { profile?: "realistic" | "fromEnv"; isolatedDatabase?: boolean } = {}) {
  beforeAll(async () => {
    h = await createMicrosoftHarness({
      emulatorConfig: { logResponseBodies: true },
      isolatedDatabase: options.isolatedDatabase,
    });
    if (options.profile !== "fromEnv") await h.control("POST", "/profile", { profile: "realistic", seed: 1111 });
    tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Pull Ltd", domain })).id;
  });
  afterAll(() => h.close());
}

export async function connected(privacyMode: "default" | "full_private") {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain, privacyMode });
  const [row] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  return { instructor, connection: row!, userId: emulatorUserId };
}

export const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
export const today = () => Math.floor(Date.now() / DAY) * DAY;
export const timed = (dayOffset: number, hour: number, subject: string, extra: Record<string, unknown> = {}) => ({
  subject,
  start: { dateTime: iso(today() + dayOffset * DAY + hour * 3_600_000), timeZone: "UTC" },
  end: { dateTime: iso(today() + dayOffset * DAY + (hour + 1) * 3_600_000), timeZone: "UTC" },
  ...extra,
});
export const outlook = {
  create: (userId: string, body: Record<string, unknown>) => h.control<Event>("POST", `/users/${userId}/events`, body),
  update: (userId: string, id: string, body: Record<string, unknown>) =>
    h.control<Event>("PATCH", `/users/${userId}/events/${encodeURIComponent(id)}`, body),
  remove: (userId: string, id: string) => h.control("DELETE", `/users/${userId}/events/${encodeURIComponent(id)}`),
};
/** Past the realistic profile's replication lag on the emulator clock, so delta sees every change. */
export const pastReplicationLag = () => h.control("POST", "/clock", { advanceSeconds: 2 });

export function weeklySeries(count: number, subject = "Weekly 1:1") {
  return {
    ...timed(1, 9, subject),
    recurrence: {
      pattern: {
        type: "weekly",
        interval: 1,
        daysOfWeek: [
          new Date(today() + DAY).toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" }).toLowerCase(),
        ],
      },
      range: { type: "numbered", startDate: iso(today() + DAY).slice(0, 10), numberOfOccurrences: count },
    },
  };
}

/** A pull as the job runs it: a queued run, then the pull of that run. */
export async function pull(connectionId: string, options: { ctx?: ServiceContext; confirmHeld?: boolean } = {}) {
  const ctx = options.ctx ?? h.ctx;
  const { runId } = await queuePullRun({ ctx, input: { connectionId, trigger: "manual" } });
  const result = await pullConnection({ ctx, input: { connectionId, runId, confirmHeld: options.confirmHeld } }).catch(
    (error: unknown) => ({ status: "threw" as const, error }),
  );
  return { result, run: await runRow(runId) };
}
export const runRow = async (runId: string) => (await h.db.select().from(syncRuns).where(eq(syncRuns.id, runId)))[0]!;

/** What calendarView shows for the pull window, mapped as the mirror keeps it. */
export async function view(
  connection: typeof calendarConnections.$inferSelect,
  privacyMode: MapOptions["privacyMode"],
) {
  const client = h.ctx.graph!.forConnection({ id: connection.id, homeAccountId: connection.homeAccountId! });
  const events = await client.listCalendarView(pullWindow({ now: h.ctx.now(), timeZone: ZONE }));
  return comparable(events.map((e) => mapGraphEvent(e, { homeZone: ZONE, privacyMode })!));
}
/** Sorted, without change keys (an occurrence takes its master's, which delta need not resend). */
export const comparable = (events: MirrorEvent[]) =>
  events.map((e) => ({ ...e, changeKey: null })).sort((a, b) => a.graphId.localeCompare(b.graphId));
export const mirror = async (connectionId: string) => comparable(await mirrorOf(h.db, connectionId));

/** The instructor answers a meeting through Graph, as Outlook would. */
export async function answer(connection: typeof calendarConnections.$inferSelect, eventId: string, action: string) {
  const { accessToken } = await h.ctx.microsoft!.accessToken({
    id: connection.id,
    homeAccountId: connection.homeAccountId!,
  });
  const response = await fetch(`${h.emulator.url}/v1.0/me/events/${encodeURIComponent(eventId)}/${action}`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ sendResponse: true }),
  });
  expect(response.status).toBe(202);
}

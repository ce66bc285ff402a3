/**
 * The harness of the push tests (push.int.test.ts, push-faults.int.test.ts): the emulator in its `realistic`
 * profile, one tenant, and the helpers that book instructors, push and read the mailbox and request log back. A
 * test file calls `setUpPush()` once; the bindings below are its harness meanwhile.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { pushEntries, syncRuns, venues } from "@/db/schema";
import { makeEvent, makeLocation } from "@/db/testing/factories";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { liveConnectionsInScope } from "@/db/queries/push-connections";
import { pushConnectionCalendar } from "@/lib/services/push/push-connection-calendar";

export type Dumped = {
  id: string;
  subject: string;
  transactionId?: string;
  body: { content: string };
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string };
  location: { displayName: string; locationUri?: string };
  showAs: string;
  categories: string[];
  reminderMinutesBeforeStart: number;
  attendees: unknown[];
  originalStartTimeZone: string;
  singleValueExtendedProperties: { id: string; value: string }[];
};
export type LogEntry = { method: string; path: string; status: number };

export let h: Harness;
export let tenantId: string;
export const domain = "push-wire.example";

/** Registers the harness (emulator in its realistic profile, a tenant) for the calling test file. */
export function setUpPush() {
  beforeAll(async () => {
    h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: 21 } });
    tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Push Wire Ltd", domain })).id;
  });
  afterAll(() => h.close());
}

export const mailbox = async (userId: string) =>
  (await h.control<{ value: Dumped[] }>("GET", `/users/${userId}/events`)).value.sort((a, b) =>
    a.start.dateTime.localeCompare(b.start.dateTime),
  );
export const graphLog = async (userId: string) =>
  (await h.control<{ value: LogEntry[] }>("GET", `/requests?${new URLSearchParams({ userId, path: "/v1.0/" })}`)).value;
export const clearLog = () => h.control("DELETE", "/requests");
export const entriesOf = (instructorId: string) =>
  h.db.select().from(pushEntries).where(eq(pushEntries.instructorId, instructorId));

export async function instructor(name = "Ada Lovelace") {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
  return { id: instructor.id, userId: emulatorUserId, name: instructor.name || name };
}

export async function course(lifecycle: "draft" | "active" = "active") {
  const location = await makeLocation(h.ctx, { timeZone: "America/New_York" });
  const [venue] = await h.db.insert(venues).values({ locationId: location.id, name: "Room 4" }).returning();
  return makeEvent(h.ctx, {
    title: "Advanced Rigging",
    courseCode: "RIG-301",
    lifecycle,
    locationId: location.id,
    venueId: venue!.id,
    description: "Bring <gloves>",
    virtualMeeting: { provider: "zoom", joinUrl: "https://zoom.us/j/1" },
    sessions: [
      { start: "2026-12-01T09:00", end: "2026-12-01T17:00" },
      { start: "2026-12-02T09:00", end: "2026-12-02T17:00" },
      { start: "2026-12-03T09:00", end: "2026-12-03T12:00" },
    ],
    resources: [{ name: "Harness", quantity: 12 }],
  });
}

/**
 * The pushes a change of the event requests (lib/services/internal/request-push.ts), run now, each as its job
 * would: one run per live connection the event touches. A transient Graph failure is thrown after every
 * connection had its turn (the job layer would retry that connection's run).
 */
export async function push(eventId: string) {
  const connectionIds = await liveConnectionsInScope(h.db, { eventIds: [eventId] });
  const runs = [];
  let failure: unknown;
  for (const connectionId of connectionIds) {
    try {
      const run = await pushConnectionCalendar({
        ctx: h.ctx,
        input: { connectionId, trigger: "manual", eventIds: [eventId] },
      });
      if (run) runs.push(run);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return { runs };
}

/** Whether a push result did anything in Outlook (a run is recorded for every live connection, even with nothing to do). */
export const wroteNothing = (runs: { counts: Record<string, number | undefined> }[]) =>
  runs.every((r) => ["created", "updated", "deleted", "recovered", "recreated"].every((k) => !r.counts[k]));

/** Converges until no transient failure is left, as the job's retries would. */
export async function pushUntilConverged(eventId: string, attempts = 8) {
  for (let i = 1; ; i++) {
    try {
      return await push(eventId);
    } catch (error) {
      if (i >= attempts) throw error;
    }
  }
}

export async function lastRun(connectionId: string) {
  const rows = await h.db.select().from(syncRuns).where(eq(syncRuns.connectionId, connectionId));
  return rows.sort((a, b) => b.queuedAt.getTime() - a.queuedAt.getTime())[0]!;
}

/**
 * Drift (issue 12 item 5) end to end in the realistic profile: Pull sees what an instructor did to
 * one of our entries in Outlook, the entry is marked for re-push and a push is requested, and the
 * push puts it back (an edit overwritten; a deleted entry created again and logged as "removed in
 * Outlook by the instructor"). An edit is seen by Outlook's changeKey, which moves on with every
 * change of any field, so an edit of the body, the location, the categories or the reminder alone is
 * caught as surely as new times, in both privacy modes (the changeKey is no content). Our entries
 * never count as busy time, and our own writes never read as drift, even when the round shows the
 * entry as it was before our write (delta's replication lag).
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busyIntervals } from "@/db/queries/busy-intervals";
import { eventPushHistory } from "@/db/queries/push-history";
import { mirrorOf } from "@/db/queries/mirror";
import { calendarConnections, connectionEvents, pushEntries, syncRuns } from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import { profileFromEnv } from "@/e2e/emulator/profile-env";
import type { JobEvent } from "@/lib/jobs/jobs";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { pushConnectionCalendar } from "../push/push-connection-calendar";
import { assignInstructor } from "../training/assign-instructor";
import { updateEvent } from "../training/update-event";
import { pullConnection } from "./pull-connection";
import { queuePullRun } from "./queue-pull-run";

type Dumped = {
  id: string;
  subject: string;
  start: { dateTime: string };
  end: { dateTime: string };
  changeKey: string;
  [field: string]: unknown;
};

let h: Harness;
let tenantId: string;
const domain = "push-drift.example";
const sent: JobEvent[] = [];
const DAY = 86_400_000;

beforeAll(async () => {
  h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: profileFromEnv()?.seed ?? 4242 } });
  h.ctx.jobs = { send: async (e) => void sent.push(...[e].flat()) };
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Drift Ltd", domain })).id;
});
afterAll(() => h.close());

const mailbox = async (userId: string) =>
  (await h.control<{ value: Dumped[] }>("GET", `/users/${userId}/events`)).value.sort((a, b) =>
    a.start.dateTime.localeCompare(b.start.dateTime),
  );
/** Past the realistic profile's replication lag on the emulator clock, so delta sees every change. */
const pastReplicationLag = () => h.control("POST", "/clock", { advanceSeconds: 2 });
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

/** A connected instructor booked on a two-session active event in three days, pushed and pulled once. */
async function pushedBooking(privacyMode: "default" | "full_private") {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain, privacyMode });
  const [connection] = await h.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructor.id));
  const event = await makeEvent(h.ctx, {
    title: "Drift Course",
    lifecycle: "active",
    timeZone: "Europe/London",
    sessions: [
      { start: `${day(3)}T09:00`, end: `${day(3)}T17:00` },
      { start: `${day(4)}T09:00`, end: `${day(4)}T12:00` },
    ],
  });
  await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });
  await runRequestedPushes();
  await pastReplicationLag();
  const first = await pull(connection!.id);
  expect(first.run.counts).not.toHaveProperty("drifted");
  expect(pushRequests()).toEqual([]);
  return { instructor, userId: emulatorUserId, connectionId: connection!.id, eventId: event.event.id };
}

async function pull(connectionId: string, options: { baseline?: boolean } = {}) {
  const { runId } = await queuePullRun({ ctx: h.ctx, input: { connectionId, trigger: "hourly" } });
  const result = await pullConnection({ ctx: h.ctx, input: { connectionId, runId, ...options } });
  const [run] = await h.db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  return { result, run: run! };
}
const pushRequests = () => sent.filter((e) => e.name === "sync/push.requested");
/** Runs the pushes asked for, as the job would (retrying what Graph throttled). */
async function runRequestedPushes() {
  const requests = sent.splice(0).filter((e) => e.name === "sync/push.requested");
  for (const { data } of requests)
    for (let attempt = 1; ; attempt++) {
      try {
        await pushConnectionCalendar({ ctx: h.ctx, input: data as { connectionId: string; trigger: "hourly" } });
        break;
      } catch (error) {
        if (attempt >= 8) throw error;
      }
    }
  return requests;
}
const entriesOf = (instructorId: string) =>
  h.db.select().from(pushEntries).where(eq(pushEntries.instructorId, instructorId));
const outlook = {
  update: (userId: string, id: string, body: Record<string, unknown>) =>
    h.control("PATCH", `/users/${userId}/events/${encodeURIComponent(id)}`, body),
  remove: (userId: string, id: string) => h.control("DELETE", `/users/${userId}/events/${encodeURIComponent(id)}`),
};

/** What an instructor sees of an entry: every field they could edit in Outlook. */
const shown = (e: Dumped) => ({
  subject: e.subject,
  body: (e.body as { content: string }).content,
  location: (e.location as { displayName: string }).displayName,
  categories: e.categories,
  showAs: e.showAs,
  sensitivity: e.sensitivity,
  importance: e.importance,
  isReminderOn: e.isReminderOn,
  reminderMinutesBeforeStart: e.reminderMinutesBeforeStart,
  start: e.start,
  end: e.end,
});
const editedLog = (instructorId: string) =>
  h.db
    .select()
    .from(connectionEvents)
    .where(
      and(eq(connectionEvents.instructorId, instructorId), eq(connectionEvents.kind, "push_entry_edited_in_outlook")),
    );

/** Edits of one field that leave the times and the subject as we wrote them (the mirror keeps neither body nor location). */
const ONE_FIELD_EDITS: [string, Record<string, unknown>][] = [
  ["only the body", { body: { contentType: "html", content: "<p>Bring my own slides</p>" } }],
  ["only the location", { location: { displayName: "Room 12, my own office" } }],
  ["only the categories", { categories: ["Personal"] }],
  ["only the reminder", { isReminderOn: false }],
  ["only the sensitivity", { sensitivity: "private" }],
  ["only the importance", { importance: "high" }],
];

describe.each(["default", "full_private"] as const)("an edit of one field in Outlook (%s)", (privacyMode) => {
  it.each(ONE_FIELD_EDITS)("%s: overwritten at the next convergence, logged once", async (_, edit) => {
    const booking = await pushedBooking(privacyMode);
    const before = await mailbox(booking.userId);
    await outlook.update(booking.userId, before[0]!.id, edit);
    const edited = await mailbox(booking.userId);
    expect(shown(edited[0]!)).not.toEqual(shown(before[0]!));
    expect(edited[0]!.changeKey).not.toBe(before[0]!.changeKey);
    await pastReplicationLag();

    const { run } = await pull(booking.connectionId);
    expect(run.counts).toMatchObject({ drifted: 1 });
    // Seen again before the push ran (Full Private Mode reads the whole view each time): noted once.
    expect((await pull(booking.connectionId)).run.counts).not.toHaveProperty("drifted");
    await runRequestedPushes();

    const after = await mailbox(booking.userId);
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    expect(after.map(shown)).toEqual(before.map(shown));
    const history = await eventPushHistory(h.db, booking.eventId);
    expect(history.filter((r) => r.action === "edited_in_outlook")).toHaveLength(1);
    expect(history[0]!.action).toBe("updated");
    const logged = await editedLog(booking.instructor.id);
    expect(logged.map((l) => l.message)).toEqual([expect.stringContaining("changed in Outlook by the instructor")]);

    // Our rewrite, seen by the next pull, is not drift: nothing more is asked for or logged.
    await pastReplicationLag();
    expect((await pull(booking.connectionId)).run.counts).not.toHaveProperty("drifted");
    expect(pushRequests()).toEqual([]);
    expect(await editedLog(booking.instructor.id)).toHaveLength(1);
  });

  it("our own update (the booking's description: the body alone), seen by the next pull, is no drift", async () => {
    const booking = await pushedBooking(privacyMode);
    const before = await mailbox(booking.userId);
    await updateEvent({ ctx: h.ctx, id: booking.eventId, input: { description: "Bring gloves." } });
    await runRequestedPushes();
    const after = await mailbox(booking.userId);
    expect(after.map((e) => e.changeKey)).not.toEqual(before.map((e) => e.changeKey));
    expect(after.map((e) => String(e.body && (e.body as { content: string }).content))).toEqual([
      expect.stringContaining("Bring gloves."),
      expect.stringContaining("Bring gloves."),
    ]);
    const recorded = await entriesOf(booking.instructor.id);
    expect(recorded.map((e) => e.outlookChangeKey).sort()).toEqual(after.map((e) => e.changeKey).sort());

    await pastReplicationLag();
    const { run } = await pull(booking.connectionId);
    expect(run.counts).not.toHaveProperty("drifted");
    expect(pushRequests()).toEqual([]);
    expect(await editedLog(booking.instructor.id)).toEqual([]);
  });
});

describe("our own update read back within delta's replication lag (Default Privacy Mode)", () => {
  it("a round that still shows the entry as it was before our write is no drift", async () => {
    const booking = await pushedBooking("default");
    const { overrides } = await h.control<{ overrides: Record<string, unknown> }>("GET", "/profile");
    // A lag longer than this test: what delta shows right after our update is the entry before it.
    await h.control("POST", "/profile", { overrides: { ...overrides, deltaReplicationLagMs: 60_000 } });
    try {
      await h.control("POST", "/clock", { advanceSeconds: 61 });
      await updateEvent({ ctx: h.ctx, id: booking.eventId, input: { description: "Bring a helmet." } });
      await runRequestedPushes();

      const { run } = await pull(booking.connectionId, { baseline: true });
      expect(run.counts).toMatchObject({ baseline: 1 });
      const recorded = await entriesOf(booking.instructor.id);
      const mirrored = await mirrorOf(h.db, booking.connectionId);
      // The round showed both entries as they were before our update (another changeKey than ours)…
      expect(mirrored.map((m) => m.changeKey).sort()).not.toEqual(recorded.map((e) => e.outlookChangeKey).sort());
      // …and that is not the instructor's doing.
      expect(run.counts).not.toHaveProperty("drifted");
      expect(pushRequests()).toEqual([]);

      await h.control("POST", "/clock", { advanceSeconds: 61 });
      expect((await pull(booking.connectionId)).run.counts).not.toHaveProperty("drifted");
      expect(pushRequests()).toEqual([]);
    } finally {
      await h.control("POST", "/profile", { overrides });
    }
  });
});

describe("drift seen by Pull (Default Privacy Mode)", () => {
  it("an instructor's edit is marked, a push is requested, and the push overwrites it", async () => {
    const booking = await pushedBooking("default");
    const before = await mailbox(booking.userId);
    await outlook.update(booking.userId, before[0]!.id, {
      subject: "My own title",
      start: { dateTime: `${day(3)}T12:00:00`, timeZone: "UTC" },
      end: { dateTime: `${day(3)}T13:00:00`, timeZone: "UTC" },
    });
    await pastReplicationLag();

    const { run } = await pull(booking.connectionId);

    expect(run.counts).toMatchObject({ drifted: 1 });
    expect((await entriesOf(booking.instructor.id)).filter((e) => e.contentHash === null)).toHaveLength(1);
    const requests = await runRequestedPushes();
    expect(requests.map((r) => r.data)).toEqual([{ connectionId: booking.connectionId, trigger: "hourly" }]);
    const after = await mailbox(booking.userId);
    expect(after.map((e) => [e.id, e.subject, e.start.dateTime, e.end.dateTime])).toEqual(
      before.map((e) => [e.id, e.subject, e.start.dateTime, e.end.dateTime]),
    );
    const history = await eventPushHistory(h.db, booking.eventId);
    expect(history.slice(0, 2).map((r) => [r.action, r.trigger])).toEqual([
      ["updated", "hourly"],
      ["edited_in_outlook", "hourly"],
    ]);

    // Our own rewrite, seen by the next pull, is not drift: nothing more is asked for.
    await pastReplicationLag();
    const again = await pull(booking.connectionId);
    expect(again.run.counts).not.toHaveProperty("drifted");
    expect(pushRequests()).toEqual([]);
  });

  it("an entry the instructor deleted is created again and the log says so", async () => {
    const booking = await pushedBooking("default");
    const [gone, kept] = await mailbox(booking.userId);
    await outlook.remove(booking.userId, gone!.id);
    await pastReplicationLag();

    const { run } = await pull(booking.connectionId);
    expect(run.counts).toMatchObject({ drifted: 1 });
    await runRequestedPushes();

    const after = await mailbox(booking.userId);
    expect(after.map((e) => e.subject)).toEqual([gone!.subject, kept!.subject]);
    expect(after[1]!.id).toBe(kept!.id);
    const logged = await h.db
      .select()
      .from(connectionEvents)
      .where(
        and(
          eq(connectionEvents.instructorId, booking.instructor.id),
          eq(connectionEvents.kind, "push_entry_removed_in_outlook"),
        ),
      );
    expect(logged.map((l) => l.message)).toEqual([expect.stringContaining("removed in Outlook by the instructor")]);
    const history = await eventPushHistory(h.db, booking.eventId);
    expect(history.slice(0, 2).map((r) => r.action)).toEqual(["recreated", "removed_in_outlook"]);
    expect((await entriesOf(booking.instructor.id)).map((e) => e.status)).toEqual(["in_outlook", "in_outlook"]);
  });

  it("our entries never count as busy time", async () => {
    const booking = await pushedBooking("default");
    const mirrored = await mirrorOf(h.db, booking.connectionId);
    expect(mirrored.map((e) => e.isOurs)).toEqual([true, true]); // Pull saw them, as ours
    const busy = await busyIntervals(h.db, {
      instructorIds: [booking.instructor.id],
      from: new Date(Date.now() - DAY),
      to: new Date(Date.now() + 10 * DAY),
    });
    expect(busy).toEqual([]);
  });
});

describe("drift seen by Pull (Full Private Mode: times and the version only)", () => {
  it("a moved entry and a deleted entry are both put back; so is a new subject alone", async () => {
    const booking = await pushedBooking("full_private");
    const [moved, deleted] = await mailbox(booking.userId);
    await outlook.update(booking.userId, moved!.id, {
      start: { dateTime: `${day(3)}T06:00:00`, timeZone: "UTC" },
      end: { dateTime: `${day(3)}T07:00:00`, timeZone: "UTC" },
    });
    await outlook.remove(booking.userId, deleted!.id);
    await pastReplicationLag();

    const { run } = await pull(booking.connectionId);
    expect(run.counts).toMatchObject({ drifted: 2 });
    await runRequestedPushes();

    const after = await mailbox(booking.userId);
    expect(after.map((e) => [e.subject, e.start.dateTime])).toEqual([
      [moved!.subject, moved!.start.dateTime],
      [deleted!.subject, deleted!.start.dateTime],
    ]);
    const history = await eventPushHistory(h.db, booking.eventId);
    expect(history.map((r) => r.action).sort()).toEqual(
      ["created", "created", "edited_in_outlook", "updated", "removed_in_outlook", "recreated"].sort(),
    );

    await pastReplicationLag();
    expect((await pull(booking.connectionId)).run.counts).not.toHaveProperty("drifted");
    expect(pushRequests()).toEqual([]);

    // The subject is never read in this mode, but the edit moves the changeKey on.
    await outlook.update(booking.userId, after[0]!.id, { subject: "Renamed, times untouched" });
    await pastReplicationLag();
    expect((await pull(booking.connectionId)).run.counts).toMatchObject({ drifted: 1 });
    await runRequestedPushes();
    expect((await mailbox(booking.userId)).map((e) => e.subject)).toEqual([moved!.subject, deleted!.subject]);
  });
});

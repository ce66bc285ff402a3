/**
 * Drift (issue 12 item 5) end to end in the realistic profile: Pull sees what an instructor did to
 * one of our entries in Outlook, the entry is marked for re-push and a push is requested, and the
 * push puts it back (an edit overwritten; a deleted entry created again and logged as "removed in
 * Outlook by the instructor"). Our entries never count as busy time, and our own writes never
 * read as drift. Full Private Mode reads only times: a moved or deleted entry is still caught.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busyIntervals } from "@/db/queries/busy-intervals";
import { eventPushHistory } from "@/db/queries/push-history";
import { mirrorOf } from "@/db/queries/mirror";
import { calendarConnections, connectionEvents, pushEntries, syncRuns } from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import type { JobEvent } from "@/lib/jobs/jobs";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { pushConnectionCalendar } from "../push/push-connection-calendar";
import { assignInstructor } from "../training/assign-instructor";
import { pullConnection } from "./pull-connection";
import { queuePullRun } from "./queue-pull-run";

type Dumped = { id: string; subject: string; start: { dateTime: string }; end: { dateTime: string } };

let h: Harness;
let tenantId: string;
const domain = "push-drift.example";
const sent: JobEvent[] = [];
const DAY = 86_400_000;

beforeAll(async () => {
  h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: 4242 } });
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

async function pull(connectionId: string) {
  const { runId } = await queuePullRun({ ctx: h.ctx, input: { connectionId, trigger: "hourly" } });
  const result = await pullConnection({ ctx: h.ctx, input: { connectionId, runId } });
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

describe("drift seen by Pull (Full Private Mode: times only)", () => {
  it("a moved entry and a deleted entry are both put back; a new subject alone is not seen", async () => {
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

    await outlook.update(booking.userId, after[0]!.id, { subject: "Renamed, times untouched" });
    await pastReplicationLag();
    expect((await pull(booking.connectionId)).run.counts).not.toHaveProperty("drifted");
    expect(pushRequests()).toEqual([]);
  });
});

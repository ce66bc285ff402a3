/**
 * The event's push history and the event delete path, against the emulator in the realistic
 * profile: every outcome a push has is one readable line (who, which session, what started it),
 * and deleting an active event leaves nothing in anyone's Outlook.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, pushEntries } from "@/db/schema";
import { makeEvent } from "@/db/testing/factories";
import { eventPushHistory } from "@/db/queries/push-history";
import { liveConnectionsInScope } from "@/db/queries/push-connections";
import type { JobEvent } from "@/lib/jobs/jobs";
import { NotFoundError } from "@/lib/errors";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { assignInstructor } from "../training/assign-instructor";
import { deleteEvent } from "../training/delete-event";
import { updateEvent } from "../training/update-event";
import { pushConnectionCalendar } from "./push-connection-calendar";

let h: Harness;
let tenantId: string;
const domain = "push-history.example";
const sent: JobEvent[] = [];

beforeAll(async () => {
  h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: 33 } });
  h.ctx.jobs = { send: async (e) => void sent.push(...[e].flat()) };
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Push History Ltd", domain })).id;
});
afterAll(() => h.close());

const mailbox = async (userId: string) =>
  (await h.control<{ value: { id: string; subject: string }[] }>("GET", `/users/${userId}/events`)).value;

async function course(title: string) {
  return makeEvent(h.ctx, {
    title,
    lifecycle: "active",
    timeZone: "Europe/London",
    sessions: [
      { start: "2026-12-01T09:00", end: "2026-12-01T17:00" },
      { start: "2026-12-02T09:00", end: "2026-12-02T12:00" },
    ],
  });
}

/** Converges until no transient failure is left, as the job's retries would. */
async function converge(run: () => Promise<unknown>, attempts = 8) {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (error) {
      if (i >= attempts) throw error;
    }
  }
}
/** The push of every live connection the event touches, as the jobs its change requests would run it. */
async function pushEvent(eventId: string) {
  for (const connectionId of await liveConnectionsInScope(h.db, { eventIds: [eventId] }))
    await converge(() =>
      pushConnectionCalendar({ ctx: h.ctx, input: { connectionId, trigger: "manual", eventIds: [eventId] } }),
    );
}
/** Runs the pushes the services asked for (what the job does with each request). */
async function runRequestedPushes() {
  const requests = sent.splice(0).filter((e) => e.name === "sync/push.requested");
  for (const request of requests)
    await converge(() =>
      pushConnectionCalendar({ ctx: h.ctx, input: request.data as { connectionId: string; trigger: "manual" } }),
    );
  return requests;
}
const lines = async (eventId: string) =>
  (await eventPushHistory(h.db, eventId)).map((r) => [r.instructorName, r.action, r.trigger]).reverse();

describe("push history", () => {
  it("records each outcome per entry with the instructor, the session and the trigger", async () => {
    const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
    const event = await course("History course");
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });
    await pushEvent(event.event.id);
    const name = instructor.name;
    expect(await lines(event.event.id)).toEqual([
      [name, "created", "manual"],
      [name, "created", "manual"],
    ]);

    const [gone] = await mailbox(emulatorUserId);
    await h.control("DELETE", `/users/${emulatorUserId}/events/${encodeURIComponent(gone!.id)}`);
    await updateEvent({ ctx: h.ctx, id: event.event.id, input: { title: "History course, revised" } });
    await pushEvent(event.event.id);

    const history = await eventPushHistory(h.db, event.event.id);
    expect(
      history
        .slice(0, 3)
        .map((r) => r.action)
        .sort(),
    ).toEqual(["recreated", "removed_in_outlook", "updated"]);
    const removed = history.find((r) => r.action === "removed_in_outlook")!;
    expect(history.find((r) => r.action === "recreated")!.sessionId).toBe(removed.sessionId);
    expect(removed.session).toMatchObject({ startsAt: expect.any(Date), endsAt: expect.any(Date) });
    expect(history.every((r) => r.instructorId === instructor.id && r.error === null)).toBe(true);
  });

  it("a failed attempt is a line with Graph's reason", async () => {
    const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
    const event = await course("Failing course");
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });
    await h.control("POST", "/faults", {
      userId: emulatorUserId,
      pathPattern: "/v1.0/me/events",
      status: 400,
      count: 2,
    });
    await pushEvent(event.event.id).catch(() => undefined);
    const failed = (await eventPushHistory(h.db, event.event.id)).filter((r) => r.action === "failed");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.error).toBeTruthy();
    await pushEvent(event.event.id);
    expect((await eventPushHistory(h.db, event.event.id))[0]!.action).toMatch(/created|recovered/);
  });
});

describe("deleting an event", () => {
  it("deletes its entries from every booked instructor's Outlook, and its rows", async () => {
    const ada = await connectInstructor(h, { tenantId, domain });
    const grace = await connectInstructor(h, { tenantId, domain });
    const event = await course("Doomed course");
    const other = await course("Surviving course");
    for (const person of [ada, grace])
      for (const e of [event, other])
        await assignInstructor({ ctx: h.ctx, eventId: e.event.id, instructorId: person.instructor.id, input: {} });
    await runRequestedPushes();
    expect(await mailbox(ada.emulatorUserId)).toHaveLength(4);

    await deleteEvent({ ctx: h.ctx, id: event.event.id });

    expect(await h.db.select().from(events).where(eq(events.id, event.event.id))).toEqual([]);
    const requests = await runRequestedPushes();
    expect(requests.map((r) => (r.data as { trigger: string }).trigger)).toEqual(["manual", "manual"]);
    for (const person of [ada, grace]) {
      const left = await mailbox(person.emulatorUserId);
      expect(left.map((e) => e.subject).sort()).toEqual([
        "Surviving course (session 1 of 2)",
        "Surviving course (session 2 of 2)",
      ]);
    }
    expect(await h.db.select().from(pushEntries).where(eq(pushEntries.eventId, event.event.id))).toEqual([]);
    const history = await eventPushHistory(h.db, event.event.id);
    expect(history.filter((r) => r.action === "deleted")).toHaveLength(4);
    expect(history.filter((r) => r.action === "deleted").every((r) => r.session === null)).toBe(true);
  });

  it("an event whose booking was never pushed, or a draft, deletes without touching Outlook", async () => {
    const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
    const draft = await makeEvent(h.ctx, { title: "Draft to delete", lifecycle: "draft" });
    await assignInstructor({ ctx: h.ctx, eventId: draft.event.id, instructorId: instructor.id, input: {} });
    sent.splice(0);
    await deleteEvent({ ctx: h.ctx, id: draft.event.id });
    await runRequestedPushes();
    expect(await mailbox(emulatorUserId)).toEqual([]);
    await expect(deleteEvent({ ctx: h.ctx, id: draft.event.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteEvent({ ctx: h.ctx, id: "not-an-id" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("an entry left behind by a lost push request is deleted by the hourly cycle's list", async () => {
    const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
    const event = await course("Lost request course");
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: instructor.id, input: {} });
    await runRequestedPushes();
    expect(await mailbox(emulatorUserId)).toHaveLength(2);
    await deleteEvent({ ctx: h.ctx, id: event.event.id });
    sent.splice(0); // the process died before the push ran

    const { listConnectionsToConverge } = await import("./list-connections-to-converge");
    const [entry] = await h.db.select().from(pushEntries).where(eq(pushEntries.eventId, event.event.id));
    expect(await listConnectionsToConverge({ ctx: h.ctx })).toContain(entry!.connectionId);
    await converge(() =>
      pushConnectionCalendar({ ctx: h.ctx, input: { connectionId: entry!.connectionId, trigger: "hourly" } }),
    );
    expect(await mailbox(emulatorUserId)).toEqual([]);
  });
});

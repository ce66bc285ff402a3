/**
 * Push end to end against the emulator in the realistic profile (distinct default and immutable
 * ids, MailboxConcurrency 429s inside $batch, fault injection): the training services change the
 * bookings, convergePush puts Outlook right, and the emulator's mailbox and request log are read
 * back to prove what landed and how many requests it took.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionEvents, pushEntries, syncRuns, venues } from "@/db/schema";
import { makeEvent, makeLocation } from "@/db/testing/factories";
import { connectInstructor, createMicrosoftHarness, type Harness } from "@/lib/testing/microsoft-harness";
import { SYNC_KEY_PROPERTY_ID } from "@/lib/sync/extended-property";
import { buildPushContent, transactionIdFor } from "@/lib/sync/push-content";
import { loadPushDesiredState } from "@/db/queries/push-desired-state";
import { getEventPushStatus } from "@/db/queries/push-status";
import { claimPushEntry, releasePushEntry } from "@/db/queries/push-entry-lease";
import { assignInstructor } from "../training/assign-instructor";
import { unassignInstructor } from "../training/unassign-instructor";
import { updateEvent } from "../training/update-event";
import { convergePush } from "./converge-push";

type Dumped = {
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
type LogEntry = { method: string; path: string; status: number };

let h: Harness;
let tenantId: string;
const domain = "push-wire.example";

beforeAll(async () => {
  h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: 21 } });
  tenantId = (await h.control<{ id: string }>("POST", "/tenants", { displayName: "Push Wire Ltd", domain })).id;
});
afterAll(() => h.close());

const mailbox = async (userId: string) =>
  (await h.control<{ value: Dumped[] }>("GET", `/users/${userId}/events`)).value.sort((a, b) =>
    a.start.dateTime.localeCompare(b.start.dateTime),
  );
const graphLog = async (userId: string) =>
  (await h.control<{ value: LogEntry[] }>("GET", `/requests?${new URLSearchParams({ userId, path: "/v1.0/" })}`)).value;
const clearLog = () => h.control("DELETE", "/requests");
const entriesOf = (instructorId: string) =>
  h.db.select().from(pushEntries).where(eq(pushEntries.instructorId, instructorId));

async function instructor(name = "Ada Lovelace") {
  const { instructor, emulatorUserId } = await connectInstructor(h, { tenantId, domain });
  return { id: instructor.id, userId: emulatorUserId, name: instructor.name || name };
}

async function course(lifecycle: "draft" | "active" = "active") {
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

const push = (eventId: string) => convergePush({ ctx: h.ctx, scope: { eventIds: [eventId] }, trigger: "manual" });

/** Converges until no transient failure is left, as the job's retries would. */
async function pushUntilConverged(eventId: string, attempts = 8) {
  for (let i = 1; ; i++) {
    try {
      return await push(eventId);
    } catch (error) {
      if (i >= attempts) throw error;
    }
  }
}

describe("convergePush (realistic profile)", () => {
  it("puts one entry per session in Outlook with every field, and a second run changes nothing", async () => {
    const ada = await instructor();
    const event = await course();
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });

    const result = await pushUntilConverged(event.event.id);

    const stored = await mailbox(ada.userId);
    expect(stored.map((e) => e.subject)).toEqual([
      "Advanced Rigging (session 1 of 3)",
      "Advanced Rigging (session 2 of 3)",
      "Advanced Rigging (session 3 of 3)",
    ]);
    const [assignment] = (await entriesOf(ada.id)).map((e) => e.assignmentId);
    expect(stored[1]).toMatchObject({
      start: { dateTime: "2026-12-02T14:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2026-12-02T22:00:00.0000000" },
      originalStartTimeZone: "America/New_York",
      location: {
        displayName: "Room 4, " + stored[1]!.location.displayName.split(", ")[1],
        locationUri: "https://zoom.us/j/1",
      },
      showAs: "busy",
      categories: ["Training (Calendar Sync)"],
      reminderMinutesBeforeStart: 15,
      attendees: [],
      transactionId: transactionIdFor(assignment!, event.sessions[1]!.id, 1),
      singleValueExtendedProperties: [{ id: SYNC_KEY_PROPERTY_ID, value: `${assignment}/${event.sessions[1]!.id}` }],
    });
    expect(stored[1]!.body.content).toContain("Bring &lt;gloves&gt;");
    expect(stored[1]!.body.content).toContain("Harness");
    const rows = await entriesOf(ada.id);
    expect(rows.map((r) => r.status)).toEqual(["in_outlook", "in_outlook", "in_outlook"]);
    expect(new Set(rows.map((r) => r.outlookEventId)).size).toBe(3); // immutable ids; the dump shows default ids
    expect(rows.every((r) => r.leaseHolder === null)).toBe(true);
    expect(result.runs[0]!.counts).toMatchObject({ created: 3, failed: 0 });
    const [run] = await h.db
      .select()
      .from(syncRuns)
      .where(eq(syncRuns.id, (await lastRun(rows[0]!.connectionId)).id));
    expect(run).toMatchObject({ kind: "push", status: "succeeded", trigger: "manual" });
    expect(run!.graphRequests).toBe(1); // one $batch: three POSTs, no search before a first create

    expect((await getEventPushStatus(h.db, event.event.id))!.map((r) => [r.instructorId, r.status])).toEqual(
      Array(3).fill([ada.id, "in_outlook"]),
    );

    await clearLog();
    const again = await push(event.event.id);
    expect(again.runs).toEqual([]);
    expect(await graphLog(ada.userId)).toEqual([]);
  });

  it("a title change updates each entry's content in place; no entry is created", async () => {
    const ada = await instructor();
    const event = await course();
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await pushUntilConverged(event.event.id);
    const before = (await mailbox(ada.userId)).map((e) => e.id);
    await clearLog();

    await updateEvent({ ctx: h.ctx, id: event.event.id, input: { title: "Rigging Masterclass" } });
    const result = await pushUntilConverged(event.event.id);

    const after = await mailbox(ada.userId);
    expect(after.map((e) => e.id)).toEqual(before);
    expect(after.map((e) => e.subject)).toEqual([1, 2, 3].map((n) => `Rigging Masterclass (session ${n} of 3)`));
    expect(result.runs[0]!.counts).toMatchObject({ updated: 3, created: 0 });
    const subRequests = await graphLog(ada.userId);
    expect(subRequests.filter((l) => l.method === "POST" && l.path === "/v1.0/me/events")).toEqual([]);
  });

  it("a session moved updates that entry only", async () => {
    const ada = await instructor();
    const event = await course();
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await pushUntilConverged(event.event.id);
    const before = await mailbox(ada.userId);
    await clearLog();

    await updateEvent({
      ctx: h.ctx,
      id: event.event.id,
      input: {
        sessions: [
          { start: "2026-12-01T09:00", end: "2026-12-01T17:00" },
          { start: "2026-12-02T10:00", end: "2026-12-02T16:00" },
          { start: "2026-12-03T09:00", end: "2026-12-03T12:00" },
        ],
      },
    });
    const result = await pushUntilConverged(event.event.id);

    const after = await mailbox(ada.userId);
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    expect(after[1]!.start.dateTime).toBe("2026-12-02T15:00:00.0000000");
    expect(result.runs[0]!.counts).toMatchObject({ updated: 1, created: 0, deleted: 0 });
    const writes = (await graphLog(ada.userId)).filter(
      (l) => l.method !== "GET" && l.path.startsWith("/v1.0/me/events"),
    );
    expect(writes.filter((l) => l.status < 300).map((l) => l.method)).toEqual(["PATCH"]);
  });

  it("a co-instructor added updates everyone's body", async () => {
    const ada = await instructor();
    const grace = await instructor();
    const event = await course();
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await pushUntilConverged(event.event.id);

    await assignInstructor({
      ctx: h.ctx,
      eventId: event.event.id,
      instructorId: grace.id,
      input: { role: "co-instructor" },
    });
    const result = await pushUntilConverged(event.event.id);

    const graceName = (await loadPushDesiredState(h.db, { instructorIds: [grace.id] }, { appUrl: "x" })).candidates[0]!
      .content.instructor.name;
    for (const e of await mailbox(ada.userId)) expect(e.body.content).toContain(graceName);
    expect(await mailbox(grace.userId)).toHaveLength(3);
    const counts = Object.fromEntries(result.runs.map((r) => [r.connectionId, r.counts]));
    const [adaEntry] = await entriesOf(ada.id);
    expect(counts[adaEntry!.connectionId]).toMatchObject({ updated: 3, created: 0 });
  });

  it("unassigning deletes the instructor's entries, cancelling deletes everyone's", async () => {
    const ada = await instructor();
    const grace = await instructor();
    const event = await course();
    for (const person of [ada, grace])
      await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: person.id, input: {} });
    await pushUntilConverged(event.event.id);
    expect(await mailbox(grace.userId)).toHaveLength(3);

    await unassignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: grace.id });
    await pushUntilConverged(event.event.id);
    expect(await mailbox(grace.userId)).toEqual([]);
    expect(await entriesOf(grace.id)).toEqual([]);
    expect(await mailbox(ada.userId)).toHaveLength(3);

    await updateEvent({ ctx: h.ctx, id: event.event.id, input: { lifecycle: "cancelled" } });
    await pushUntilConverged(event.event.id);
    expect(await mailbox(ada.userId)).toEqual([]);
    expect(await entriesOf(ada.id)).toEqual([]);
  });

  it("drafts never reach Outlook", async () => {
    const ada = await instructor();
    const event = await course("draft");
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await clearLog();

    const result = await push(event.event.id);

    expect(result.runs).toEqual([]);
    expect(await mailbox(ada.userId)).toEqual([]);
    expect(await graphLog(ada.userId)).toEqual([]);
    expect(await entriesOf(ada.id)).toEqual([]);
  });

  it("activating an event costs one $batch per mailbox: first creates are POSTed without a search", async () => {
    const ada = await instructor();
    const grace = await instructor();
    const event = await course("draft");
    for (const who of [ada, grace])
      await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: who.id, input: {} });
    await clearLog();

    await updateEvent({ ctx: h.ctx, id: event.event.id, input: { lifecycle: "active" } });
    const result = await push(event.event.id);

    expect(result.runs.map((r) => r.counts)).toEqual(Array(2).fill(expect.objectContaining({ created: 3 })));
    for (const who of [ada, grace]) {
      const log = await graphLog(who.userId);
      expect(log.filter((l) => l.path === "/v1.0/$batch").map((l) => l.status)).toEqual([200]);
      // Inside it: the three POSTs, and no extended-property search before them.
      expect(log.filter((l) => l.path !== "/v1.0/$batch").map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual(
        Array(3).fill("POST /v1.0/me/events 201"),
      );
      expect(await mailbox(who.userId)).toHaveLength(3);
    }
  });

  it("20 concurrent pushes of one assignment create exactly one entry per session", async () => {
    const ada = await instructor();
    const event = await course();
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });

    await Promise.allSettled(Array.from({ length: 20 }, () => push(event.event.id)));
    await pushUntilConverged(event.event.id);

    const stored = await mailbox(ada.userId);
    expect(stored).toHaveLength(3);
    expect(new Set(stored.map((e) => e.singleValueExtendedProperties[0]!.value)).size).toBe(3);
  });

  it("a lost Outlook id is recovered by the extended property, not duplicated", async () => {
    const ada = await instructor();
    const event = await course();
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await pushUntilConverged(event.event.id);
    const before = (await mailbox(ada.userId)).map((e) => e.id);
    const recordedIds = new Set((await entriesOf(ada.id)).map((r) => r.outlookEventId));
    await h.db
      .update(pushEntries)
      .set({ outlookEventId: null, status: "pending" })
      .where(eq(pushEntries.instructorId, ada.id));

    const result = await pushUntilConverged(event.event.id);

    expect((await mailbox(ada.userId)).map((e) => e.id)).toEqual(before);
    expect(result.runs[0]!.counts).toMatchObject({ recovered: 3, created: 0 });
    expect(new Set((await entriesOf(ada.id)).map((r) => r.outlookEventId))).toEqual(recordedIds);
  });

  it("a crash between the POST and saving its id leaves no duplicate", async () => {
    const ada = await instructor();
    const event = await course();
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    // The crashed run: it took the lease, POSTed through Graph, and died before recording the id.
    const { candidates } = await loadPushDesiredState(
      h.db,
      { eventIds: [event.event.id] },
      { appUrl: h.ctx.config.appUrl },
    );
    const first = candidates[0]!;
    const identity = {
      assignmentId: first.assignmentId,
      sessionId: first.sessionId,
      eventId: first.eventId,
      instructorId: first.instructorId,
      connectionId: first.connection!.id,
    };
    await claimPushEntry(h.db, identity, "crashed", h.ctx.now(), 60_000);
    const [connection] = await h.db
      .select()
      .from((await import("@/db/schema")).calendarConnections)
      .where(eq((await import("@/db/schema")).calendarConnections.id, identity.connectionId));
    const client = h.ctx.graph!.forConnection({ id: connection!.id, homeAccountId: connection!.homeAccountId! });
    await client.createEvent({
      ...buildPushContent(first.content),
      transactionId: transactionIdFor(first.assignmentId, first.sessionId, 1),
    });
    await releasePushEntry(h.db, identity, "crashed"); // its lease ran out

    const result = await pushUntilConverged(event.event.id);

    const stored = await mailbox(ada.userId);
    expect(stored).toHaveLength(3);
    expect(new Set(stored.map((e) => e.singleValueExtendedProperties[0]!.value)).size).toBe(3);
    expect(result.runs[0]!.counts).toMatchObject({ recovered: 1, created: 2 });
  });

  it("converges through a storm of 429s and 503s, each entry created once", async () => {
    const ada = await instructor();
    const event = await course();
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    for (const [status, count] of [
      [429, 6],
      [503, 3],
    ] as const)
      await h.control("POST", "/faults", {
        userId: ada.userId,
        pathPattern: "/v1.0/me/events",
        status,
        retryAfterSeconds: 1,
        count,
      });

    await pushUntilConverged(event.event.id);

    const stored = await mailbox(ada.userId);
    expect(stored).toHaveLength(3);
    expect(new Set(stored.map((e) => e.singleValueExtendedProperties[0]!.value)).size).toBe(3);
    expect((await entriesOf(ada.id)).map((r) => r.status)).toEqual(["in_outlook", "in_outlook", "in_outlook"]);
  });

  it("an entry the instructor deleted in Outlook is created again at the next change, and logged", async () => {
    const ada = await instructor();
    const event = await course();
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await pushUntilConverged(event.event.id);
    const [gone] = await mailbox(ada.userId);
    await h.control("DELETE", `/users/${ada.userId}/events/${encodeURIComponent(gone!.id)}`);

    await updateEvent({ ctx: h.ctx, id: event.event.id, input: { title: "Rigging Masterclass" } });
    const result = await pushUntilConverged(event.event.id);

    const stored = await mailbox(ada.userId);
    expect(stored).toHaveLength(3);
    expect(stored.every((e) => e.subject.startsWith("Rigging Masterclass"))).toBe(true);
    expect(result.runs[0]!.counts).toMatchObject({ updated: 2, recreated: 1 });
    const rows = await entriesOf(ada.id);
    expect(rows.map((r) => r.generation).sort()).toEqual([1, 1, 2]);
    const logged = await h.db
      .select()
      .from(connectionEvents)
      .where(
        and(eq(connectionEvents.instructorId, ada.id), eq(connectionEvents.kind, "push_entry_removed_in_outlook")),
      );
    expect(logged).toHaveLength(1);
    expect(logged[0]!.message).toContain("removed in Outlook by the instructor");
  });
});

async function lastRun(connectionId: string) {
  const rows = await h.db.select().from(syncRuns).where(eq(syncRuns.connectionId, connectionId));
  return rows.sort((a, b) => b.queuedAt.getTime() - a.queuedAt.getTime())[0]!;
}

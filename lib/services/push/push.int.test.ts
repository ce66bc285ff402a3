/**
 * Push end to end against the emulator in the realistic profile (distinct default and immutable
 * ids, MailboxConcurrency 429s inside $batch, fault injection): the training services change the
 * bookings, the push job (pushConnectionCalendar) puts Outlook right, and the emulator's mailbox and request log are read
 * back to prove what landed and how many requests it took.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { syncRuns } from "@/db/schema";
import { SYNC_KEY_PROPERTY_ID } from "@/lib/sync/extended-property";
import { transactionIdFor } from "@/lib/sync/push-content";
import { loadPushDesiredState } from "@/db/queries/push-desired-state";
import { getEventPushStatus } from "@/db/queries/push-status";
import { assignInstructor } from "../training/assign-instructor";
import { unassignInstructor } from "../training/unassign-instructor";
import { updateEvent } from "../training/update-event";
import {
  clearLog,
  course,
  entriesOf,
  graphLog,
  h,
  instructor,
  lastRun,
  mailbox,
  push,
  pushUntilConverged,
  setUpPush,
  wroteNothing,
} from "@/lib/testing/push-fixture";

setUpPush();

describe("the push job (realistic profile)", () => {
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
    const entry = (await entriesOf(ada.id)).find((e) => e.sessionId === event.sessions[1]!.id)!;
    expect(stored[1]).toMatchObject({
      start: { dateTime: "2026-12-02T14:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2026-12-02T22:00:00.0000000" },
      originalStartTimeZone: "Eastern Standard Time",
      location: {
        displayName: "Room 4, " + stored[1]!.location.displayName.split(", ")[1],
        locationUri: "https://zoom.us/j/1",
      },
      showAs: "busy",
      categories: ["Training (Calendar Sync)"],
      reminderMinutesBeforeStart: 15,
      attendees: [],
      transactionId: transactionIdFor(assignment!, event.sessions[1]!.id, 1, entry.id),
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
    expect(wroteNothing(again.runs)).toBe(true);
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
      (l) => l.method !== "GET" && /^\/v1\.0\/me\/(calendar\/)?events/.test(l.path),
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

  it("an event taken back to draft and published again gets new entries: no transactionId is reused", async () => {
    const ada = await instructor();
    const event = await course();
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await pushUntilConverged(event.event.id);
    const first = await mailbox(ada.userId);
    expect(first).toHaveLength(3);

    await updateEvent({ ctx: h.ctx, id: event.event.id, input: { lifecycle: "draft" } });
    await pushUntilConverged(event.event.id);
    expect(await mailbox(ada.userId)).toEqual([]);
    await updateEvent({ ctx: h.ctx, id: event.event.id, input: { lifecycle: "active" } });
    await pushUntilConverged(event.event.id);

    // Graph remembers a transactionId past a delete (the realistic profile: it hands back the deleted
    // event); a reused one would leave the calendar empty while the entries say "in Outlook".
    const again = await mailbox(ada.userId);
    expect(again).toHaveLength(3);
    const before = new Set(first.map((e) => e.transactionId));
    expect(again.filter((e) => before.has(e.transactionId))).toEqual([]);
    expect((await entriesOf(ada.id)).map((r) => r.status)).toEqual(["in_outlook", "in_outlook", "in_outlook"]);
  });

  it("drafts never reach Outlook", async () => {
    const ada = await instructor();
    const event = await course("draft");
    await assignInstructor({ ctx: h.ctx, eventId: event.event.id, instructorId: ada.id, input: {} });
    await clearLog();

    const result = await push(event.event.id);

    expect(wroteNothing(result.runs)).toBe(true);
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
});

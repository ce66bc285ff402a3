/**
 * Push under concurrency and faults, against the emulator in the realistic profile: 20 concurrent pushes of one
 * assignment, a lost Outlook id, a crash between the POST and saving its id, a storm of 429s and 503s, an entry the
 * instructor deleted in Outlook: each entry exists once. Harness: lib/testing/push-fixture.ts.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connectionEvents, pushEntries } from "@/db/schema";
import { buildPushContent, transactionIdFor } from "@/lib/sync/push-content";
import { loadPushDesiredState } from "@/db/queries/push-desired-state";
import { claimPushEntry, releasePushEntry } from "@/db/queries/push-entry-lease";
import { assignInstructor } from "../training/assign-instructor";
import { updateEvent } from "../training/update-event";
import {
  course,
  entriesOf,
  h,
  instructor,
  mailbox,
  push,
  pushUntilConverged,
  setUpPush,
} from "@/lib/testing/push-fixture";

setUpPush();

describe("the push job under concurrency and faults (realistic profile)", () => {
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
    const [connection] = await h.db
      .select()
      .from((await import("@/db/schema")).calendarConnections)
      .where(eq((await import("@/db/schema")).calendarConnections.id, identity.connectionId));
    await claimPushEntry(h.db, identity, "crashed", h.ctx.now(), 60_000, connection!);
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

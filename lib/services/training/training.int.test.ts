import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing/create-test-db";
import { makeEvent, makeInstructor, makeLocation, unique } from "@/db/testing/factories";
import type { OpenedDb } from "@/db/open";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { instantToLocal } from "@/lib/time/zoned";
import type { ServiceContext } from "@/lib/context/service-context";
import { testContext } from "@/lib/testing/test-context";
import { createEvent } from "./create-event";
import { updateEvent } from "./update-event";
import { assignInstructor } from "./assign-instructor";
import { unassignInstructor } from "./unassign-instructor";
import { updateInstructor } from "./update-instructor";
import { addVenue } from "./add-venue";

let opened: OpenedDb;
let ctx: ServiceContext;
beforeAll(async () => {
  opened = await createTestDb();
  ctx = testContext({ db: opened.db, now: () => new Date("2026-11-24T12:00:00Z") });
});
afterAll(() => opened.close());

describe("events", () => {
  it("stores sessions typed in New York time as the right instants", async () => {
    const location = await makeLocation(ctx, { timeZone: "America/New_York" });
    const detail = await createEvent({
      ctx,
      input: {
        title: "Leadership Essentials",
        locationId: location.id,
        sessions: [
          { name: "Day 2", start: "2026-12-02T09:00", end: "2026-12-02T17:00" },
          { name: "Day 1", start: "2026-12-01T09:00", end: "2026-12-01T17:00" },
        ],
        resources: [{ name: "Projector", quantity: 1 }],
      },
    });
    expect(detail.timeZone).toBe("America/New_York");
    expect(detail.event.lifecycle).toBe("draft");
    expect(detail.sessions.map((s) => [s.name, s.startsAt.toISOString(), s.endsAt.toISOString()])).toEqual([
      ["Day 1", "2026-12-01T14:00:00.000Z", "2026-12-01T22:00:00.000Z"],
      ["Day 2", "2026-12-02T14:00:00.000Z", "2026-12-02T22:00:00.000Z"],
    ]);
    expect(detail.resources).toMatchObject([{ name: "Projector", quantity: 1 }]);
  });

  it("rejects a venue from another location and a missing zone", async () => {
    const [a, b] = [await makeLocation(ctx), await makeLocation(ctx)];
    const venue = await addVenue({ ctx, locationId: b.id, input: { name: "Room 1" } });
    const sessions = [{ start: "2026-12-01T09:00", end: "2026-12-01T10:00" }];
    await expect(
      createEvent({ ctx, input: { title: "X", locationId: a.id, venueId: venue.id, sessions } }),
    ).rejects.toMatchObject({
      fieldErrors: { venueId: ["The venue must belong to the event's location"] },
    });
    await expect(createEvent({ ctx, input: { title: "X", sessions } })).rejects.toBeInstanceOf(ValidationError);
  });

  it("keeps wall-clock times when the event's zone is corrected", async () => {
    const event = await makeEvent(ctx, { sessions: [{ start: "2026-12-01T09:00", end: "2026-12-01T17:00" }] });
    const moved = await updateEvent({ ctx, id: event.event.id, input: { timeZone: "Asia/Singapore" } });
    expect(moved.timeZone).toBe("Asia/Singapore");
    expect(instantToLocal(moved.sessions[0]!.startsAt, "Asia/Singapore")).toBe("2026-12-01T09:00");
  });

  it("allows draft → active → cancelled and nothing after", async () => {
    const event = await makeEvent(ctx, { lifecycle: "draft" });
    const id = event.event.id;
    expect((await updateEvent({ ctx, id, input: { lifecycle: "active" } })).event.lifecycle).toBe("active");
    expect((await updateEvent({ ctx, id, input: { lifecycle: "cancelled" } })).event.lifecycle).toBe("cancelled");
    await expect(updateEvent({ ctx, id, input: { lifecycle: "active" } })).rejects.toBeInstanceOf(ConflictError);
  });

  it("reports an unknown event", async () => {
    await expect(updateEvent({ ctx, id: "00000000-0000-4000-8000-000000000000", input: {} })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe("assignments", () => {
  it("books, re-roles and unbooks an instructor", async () => {
    const [event, instructor] = [await makeEvent(ctx), await makeInstructor(ctx)];
    const first = await assignInstructor({
      ctx,
      eventId: event.event.id,
      instructorId: instructor.id,
      input: { role: "lead" },
    });
    const again = await assignInstructor({
      ctx,
      eventId: event.event.id,
      instructorId: instructor.id,
      input: { role: "assistant" },
    });
    expect([first.created, again.created, again.role]).toEqual([true, false, "assistant"]);
    await unassignInstructor({ ctx, eventId: event.event.id, instructorId: instructor.id });
    await expect(
      unassignInstructor({ ctx, eventId: event.event.id, instructorId: instructor.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses bookings on a cancelled event", async () => {
    const [event, instructor] = [await makeEvent(ctx, { lifecycle: "cancelled" }), await makeInstructor(ctx)];
    await expect(
      assignInstructor({ ctx, eventId: event.event.id, instructorId: instructor.id, input: {} }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("instructors", () => {
  it("treats emails case-insensitively", async () => {
    const email = `${unique("dup")}@example.test`;
    await makeInstructor(ctx, { email });
    const other = await makeInstructor(ctx);
    await expect(updateInstructor({ ctx, id: other.id, input: { email: email.toUpperCase() } })).rejects.toMatchObject({
      fieldErrors: { email: ["Already used by another instructor"] },
    });
  });
});

/**
 * Realistic profile over HTTP (issue 10 items 1, 2, 6, 7): the profile control API (seed exposed,
 * per-behaviour overrides, reset returns to the start profile), default vs immutable ids
 * (Prefer: IdType="ImmutableId" + Preference-Applied, both accepted, "move the item"), malformed ids
 * (400 ErrorInvalidIdMalformed), meeting responses and cancellation across mailboxes. Every body is
 * validated against Microsoft's schema.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMs365Emulator, type Ms365Emulator } from "./index";
import {
  control,
  eventBody,
  expectValid,
  expectValidCollection,
  freshMailbox,
  rawGraph,
  type Mailbox,
} from "./testing/graph";

let emulator: Ms365Emulator;
let me: Mailbox;
let now: number;
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0, profile: { profile: "realistic", seed: 11 } });
  now = emulator.ctx.now();
  me = await freshMailbox(emulator);
});
afterAll(async () => emulator?.close());

const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };

describe("profiles through the control API", () => {
  it("GET shows profile, seed and settings; POST switches profile or single behaviours; reset returns to the start profile", async () => {
    const start = await control<{ profile: string; seed: number; settings: Record<string, unknown> }>(
      emulator,
      "GET",
      "/profile",
    );
    expect(start.body).toMatchObject({
      profile: "realistic",
      seed: 11,
      settings: { notificationDuplicates: true, distinctImmutableIds: true },
    });
    const changed = await control<{ settings: Record<string, unknown> }>(emulator, "POST", "/profile", {
      overrides: { notificationDuplicates: false },
    });
    expect(changed.body.settings).toMatchObject({ notificationDuplicates: false, notificationBursts: true });
    const clean = await control<{ profile: string; settings: Record<string, unknown> }>(emulator, "POST", "/profile", {
      profile: "clean",
      seed: 5,
    });
    expect(clean.body).toMatchObject({ profile: "clean", seed: 5, settings: { distinctImmutableIds: false } });
    expect((await control(emulator, "POST", "/profile", { overrides: { bogus: true } })).status).toBe(400);
    await control(emulator, "POST", "/reset");
    expect((await control(emulator, "GET", "/profile")).body).toMatchObject({ profile: "realistic", seed: 11 });
    me = await freshMailbox(emulator);
  });
});

describe("ids", () => {
  it("default and immutable ids differ; responses use the immutable form only when asked; both are accepted", async () => {
    const created = await rawGraph(emulator, me.token, "POST", "/me/events", { body: eventBody(now, 2, "Ids") });
    expect(created.headers.get("preference-applied")).toBeNull();
    const restId = String(expectValid("event", created.body).id);
    const immutable = await rawGraph(emulator, me.token, "GET", `/me/events/${restId}`, { headers: IMMUTABLE });
    expect(immutable.headers.get("preference-applied")).toBe('IdType="ImmutableId"');
    const immutableId = String(expectValid("event", immutable.body).id);
    expect(immutableId).not.toBe(restId);
    const viaImmutable = await rawGraph(emulator, me.token, "GET", `/me/events/${immutableId}`);
    expect(viaImmutable.body.id).toBe(restId); // input in either form, output in the default form
    const view = await rawGraph(
      emulator,
      me.token,
      "GET",
      `/me/calendarView?startDateTime=${new Date(now).toISOString()}&endDateTime=${new Date(now + 5 * 86_400_000).toISOString()}`,
      { headers: IMMUTABLE },
    );
    expect(expectValidCollection("eventCollection", view.body).value.map((e) => e.id)).toContain(immutableId);
  });

  it("moving the item changes its default id and keeps its immutable id; the old default id is gone", async () => {
    const created = await rawGraph(emulator, me.token, "POST", "/me/events", {
      body: eventBody(now, 3, "Moves"),
      headers: IMMUTABLE,
    });
    const immutableId = String(created.body.id);
    const before = String((await rawGraph(emulator, me.token, "GET", `/me/events/${immutableId}`)).body.id);
    const moved = await control<{ id: string; immutableId: string; previousId: string }>(
      emulator,
      "POST",
      `/users/${me.userId}/events/${before}/move`,
    );
    expect(moved.body).toMatchObject({ immutableId, previousId: before });
    expect(moved.body.id).not.toBe(before);
    expect((await rawGraph(emulator, me.token, "GET", `/me/events/${immutableId}`)).body.id).toBe(moved.body.id);
    const stale = await rawGraph(emulator, me.token, "GET", `/me/events/${before}`);
    expect([stale.status, (expectValid("error", stale.body).error as { code: string }).code]).toEqual([
      404,
      "ErrorItemNotFound",
    ]);
  });

  it("a malformed id is 400 ErrorInvalidIdMalformed (both profiles)", async () => {
    for (const id of ["not-an-id", "AAMk%20AA"]) {
      const res = await rawGraph(emulator, me.token, "GET", `/me/events/${id}`);
      expect([res.status, (expectValid("error", res.body).error as { code: string; message: string }).code]).toEqual([
        400,
        "ErrorInvalidIdMalformed",
      ]);
    }
  });
});

describe("meetings", () => {
  it("accept / decline with sendResponse update the organiser's copy; cancel marks attendees' copies cancelled", async () => {
    const organiser = await freshMailbox(emulator);
    const made = await control<{ organizerEventId: string; attendeeEventIds: Record<string, string>; iCalUId: string }>(
      emulator,
      "POST",
      "/meetings",
      {
        organizer: organiser.email,
        attendees: [me.email],
        event: eventBody(now, 4, "Quarterly review"),
      },
    );
    expect(made.status).toBe(201);
    const mine = made.body.attendeeEventIds[me.email] ?? "";
    const copy = expectValid("event", (await rawGraph(emulator, me.token, "GET", `/me/events/${mine}`)).body);
    expect(copy).toMatchObject({
      isOrganizer: false,
      iCalUId: made.body.iCalUId,
      responseStatus: { response: "notResponded" },
    });
    const accepted = await rawGraph(emulator, me.token, "POST", `/me/events/${mine}/accept`, {
      body: { comment: "See you", sendResponse: true },
    });
    expect(accepted.status).toBe(202);
    const organiserView = expectValid(
      "event",
      (await rawGraph(emulator, organiser.token, "GET", `/me/events/${made.body.organizerEventId}`)).body,
    );
    expect((organiserView.attendees as { status: { response: string } }[])[0]?.status.response).toBe("accepted");
    await rawGraph(emulator, me.token, "POST", `/me/events/${mine}/tentativelyAccept`, {
      body: { sendResponse: false },
    });
    expect((await rawGraph(emulator, me.token, "GET", `/me/events/${mine}`)).body.responseStatus).toMatchObject({
      response: "tentativelyAccepted",
    });
    const ownAnswer = await rawGraph(
      emulator,
      organiser.token,
      "POST",
      `/me/events/${made.body.organizerEventId}/decline`,
      { body: {} },
    );
    expect(ownAnswer.status).toBe(400);
    expect(
      (
        await rawGraph(emulator, organiser.token, "POST", `/me/events/${made.body.organizerEventId}/cancel`, {
          body: { comment: "Moved online" },
        })
      ).status,
    ).toBe(202);
    const cancelled = expectValid("event", (await rawGraph(emulator, me.token, "GET", `/me/events/${mine}`)).body);
    expect(cancelled).toMatchObject({ isCancelled: true, subject: "Canceled: Quarterly review" });
    expect((await rawGraph(emulator, organiser.token, "GET", `/me/events/${made.body.organizerEventId}`)).status).toBe(
      404,
    );
  });
});

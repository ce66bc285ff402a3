/**
 * Graph conformance, part 1: users, calendars and event writes with the unmodified Graph SDK
 * (graph-behaviour.md §1, §4, §5, §6; checklist §13 items 3, 4, 5, 6, 10). Every body is validated
 * against Microsoft's OpenAPI schemas.
 */
import { GraphError, ResponseType } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMs365Emulator, type Ms365Emulator } from "./index";
import {
  control,
  eventBody,
  expectValid,
  expectValidCollection,
  expectValidGraphError,
  freshMailbox,
  rawGraph,
  type Mailbox,
} from "./testing/graph";

let emulator: Ms365Emulator;
let me: Mailbox;
let now: number;
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0 });
  now = emulator.ctx.now();
  me = await freshMailbox(emulator);
});
afterAll(async () => {
  await emulator?.close();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (e: unknown) => e as GraphError,
  );
const PROP = "String {8ECCC264-6880-4EBE-992F-8888D2EEAA1D} Name TrainingEventId";

describe("users and calendars", () => {
  it("GET /me and /users/{upn} return the signed-in user", async () => {
    const user = expectValid("user", await me.client.api("/me").get());
    expect(user).toMatchObject({
      id: me.userId,
      userPrincipalName: me.email,
      mail: me.email,
      displayName: "Test Instructor",
    });
    expect(String(user["@odata.context"])).toBe(`${emulator.url}/v1.0/$metadata#users/$entity`);
    expect(expectValid("user", await me.client.api(`/users/${me.email}`).get()).id).toBe(me.userId);
  });

  it("GET /me/calendars lists one default calendar, also at /me/calendar and /me/calendars/{id}", async () => {
    const list = expectValidCollection("calendarCollection", await me.client.api("/me/calendars").get());
    expect(list.value).toHaveLength(1);
    const cal = list.value[0] ?? {};
    expect(cal).toMatchObject({
      isDefaultCalendar: true,
      name: "Calendar",
      canEdit: true,
      owner: { address: me.email },
    });
    expect(expectValid("calendar", await me.client.api("/me/calendar").get()).id).toBe(cal.id);
    expect(expectValid("calendar", await me.client.api(`/me/calendars/${String(cal.id)}`).get()).id).toBe(cal.id);
  });

  it("§13 item 10: errors use Graph's envelope with request-id / client-request-id (401 without a token)", async () => {
    const res = await rawGraph(emulator, undefined, "GET", "/me/events", {
      headers: { "client-request-id": "abc-123" },
    });
    expect(res.status).toBe(401);
    const body = expectValid("error", res.body) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe("InvalidAuthenticationToken");
    expect(body.error.innerError["client-request-id"]).toBe("abc-123");
    expect(body.error.innerError["request-id"]).toBe(res.headers.get("request-id"));
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(res.headers.get("client-request-id")).toBe("abc-123");
    const bad = await rawGraph(emulator, "not-a-token", "GET", "/me");
    expect(bad.status).toBe(401);
    const other = await freshMailbox(emulator);
    await control(emulator, "POST", "/tokens/expire", { userId: other.userId });
    const expired = await rawGraph(emulator, other.token, "GET", "/me/calendars");
    expect([expired.status, (expired.body as { error: { code: string } }).error.code]).toEqual([
      401,
      "InvalidAuthenticationToken",
    ]);
  });

  it("403 ErrorAccessDenied when writing with Calendars.Read, or reading another user's mailbox", async () => {
    const reader = await freshMailbox(emulator, ["https://graph.microsoft.com/Calendars.Read"]);
    expect((await reader.client.api("/me/events").get()).value).toEqual([]);
    const err = await failure(reader.client.api("/me/events").post(eventBody(now, 1, "nope")));
    expect([err.statusCode, err.code]).toEqual([403, "ErrorAccessDenied"]);
    const other = await failure(me.client.api(`/users/${reader.userId}/events`).get());
    expect([other.statusCode, other.code]).toEqual([403, "ErrorAccessDenied"]);
  });
});

describe("event writes", () => {
  it("§13 item 5: POST 201 fills documented defaults and wraps a text body as HTML; PATCH 200; DELETE 204", async () => {
    const raw = (await me.client
      .api("/me/events")
      .responseType(ResponseType.RAW)
      .post(
        eventBody(now, 2, "Course prep", {
          body: { contentType: "text", content: "Bring slides" },
          location: { displayName: "Room 1" },
        }),
      )) as Response;
    expect(raw.status).toBe(201);
    const created = expectValid("event", await raw.json());
    expect(created).toMatchObject({
      showAs: "busy",
      sensitivity: "normal",
      importance: "normal",
      type: "singleInstance",
      isOrganizer: true,
      isAllDay: false,
      isReminderOn: true,
      reminderMinutesBeforeStart: 15,
      seriesMasterId: null,
      recurrence: null,
      onlineMeetingUrl: null,
      responseStatus: { response: "organizer", time: "0001-01-01T00:00:00Z" },
      location: { displayName: "Room 1", locationType: "default", uniqueId: "Room 1", uniqueIdType: "private" },
      body: { contentType: "html" },
    });
    expect(String(created["@odata.context"])).toBe(
      `${emulator.url}/v1.0/$metadata#users('${me.userId}')/events/$entity`,
    );
    expect((created.body as { content: string }).content).toMatch(/^<html>[\s\S]*Bring slides[\s\S]*<\/html>\s*$/);

    const updated = expectValid(
      "event",
      await me.client.api(`/me/events/${String(created.id)}`).patch({ subject: "Course prep v2" }),
    );
    expect(updated.subject).toBe("Course prep v2");
    const del = (await me.client
      .api(`/me/events/${String(created.id)}`)
      .responseType(ResponseType.RAW)
      .delete()) as Response;
    expect(del.status).toBe(204);
    const gone = await failure(me.client.api(`/me/events/${String(created.id)}`).get());
    expectValidGraphError(gone, 404, "ErrorItemNotFound");
  });

  it("§13 item 4: changeKey and @odata.etag change on every update; If-Match with a stale etag -> 412 ErrorIrresolvableConflict", async () => {
    const created = expectValid("event", await me.client.api("/me/events").post(eventBody(now, 3, "Etag test")));
    expect(created["@odata.etag"]).toBe(`W/"${String(created.changeKey)}"`);
    expect(String(created.lastModifiedDateTime)).toMatch(/Z$/);
    const v2 = expectValid(
      "event",
      await me.client
        .api(`/me/events/${String(created.id)}`)
        .header("If-Match", String(created["@odata.etag"]))
        .patch({ subject: "v2" }),
    );
    expect(v2.changeKey).not.toBe(created.changeKey);
    expect(v2["@odata.etag"]).toBe(`W/"${String(v2.changeKey)}"`);
    const stale = await failure(
      me.client
        .api(`/me/events/${String(created.id)}`)
        .header("If-Match", String(created["@odata.etag"]))
        .patch({ subject: "v3" }),
    );
    expectValidGraphError(stale, 412, "ErrorIrresolvableConflict");
    const staleDelete = await failure(
      me.client
        .api(`/me/events/${String(created.id)}`)
        .header("If-Match", String(created["@odata.etag"]))
        .delete(),
    );
    expect(staleDelete.statusCode).toBe(412);
    const id = String(created.id);
    expect(id.toLowerCase()).not.toBe(id); // ids are case-sensitive opaque strings
    const wrongCase = await failure(me.client.api(`/me/events/${id.toLowerCase()}`).get());
    expect(wrongCase.statusCode).toBe(404);
  });

  it("transactionId: a replayed POST returns the first event, never a duplicate", async () => {
    const body = eventBody(now, 4, "Idempotent", { transactionId: "tx-7f1c" });
    const first = expectValid("event", await me.client.api("/me/events").post(body));
    const second = expectValid("event", await me.client.api("/me/events").post(body));
    expect(second.id).toBe(first.id);
    expect(first.transactionId).toBe("tx-7f1c");
    const all = await me.client.api("/me/events").filter("subject eq 'Idempotent'").get();
    expect(all.value).toHaveLength(1);
  });

  it("§13 item 3: isAllDay must be midnight to midnight (400 ErrorPropertyValidationFailure) and stays midnight in any zone", async () => {
    const bad = await failure(
      me.client.api("/me/events").post({
        subject: "Bad",
        isAllDay: true,
        start: { dateTime: "2026-05-01T09:00:00", timeZone: "UTC" },
        end: { dateTime: "2026-05-02T00:00:00", timeZone: "UTC" },
      }),
    );
    expectValidGraphError(bad, 400, "ErrorPropertyValidationFailure");
    const ok = await me.client.api("/me/events").post({
      subject: "Holiday",
      isAllDay: true,
      start: { dateTime: "2026-05-01T00:00:00", timeZone: "Europe/London" },
      end: { dateTime: "2026-05-02T00:00:00", timeZone: "Europe/London" },
    });
    const inTokyo = expectValid(
      "event",
      await me.client
        .api(`/me/events/${String(ok.id)}`)
        .header("Prefer", 'outlook.timezone="Tokyo Standard Time"')
        .get(),
    );
    expect(inTokyo.start).toEqual({ dateTime: "2026-05-01T00:00:00.0000000", timeZone: "Tokyo Standard Time" });
    expect(inTokyo.end).toEqual({ dateTime: "2026-05-02T00:00:00.0000000", timeZone: "Tokyo Standard Time" });
  });

  it("§13 item 3: start/end in UTC by default, in the Prefer: outlook.timezone zone (IANA or Windows) with Preference-Applied", async () => {
    const created = await me.client.api("/me/events").post({
      subject: "Zones",
      start: { dateTime: "2026-07-01T09:00:00", timeZone: "Europe/London" },
      end: { dateTime: "2026-07-01T10:00:00", timeZone: "GMT Standard Time" },
    });
    expect(created.start).toEqual({ dateTime: "2026-07-01T08:00:00.0000000", timeZone: "UTC" });
    expect(created.originalStartTimeZone).toBe("Europe/London");
    for (const [zone, hour] of [
      ["Pacific Standard Time", "01"],
      ["America/New_York", "04"],
    ] as const) {
      const res = await rawGraph(emulator, me.token, "GET", `/me/events/${String(created.id)}`, {
        headers: { Prefer: `outlook.timezone="${zone}"` },
      });
      expect(res.headers.get("preference-applied")).toBe(`outlook.timezone="${zone}"`);
      expect(expectValid("event", res.body).start).toEqual({
        dateTime: `2026-07-01T${hour}:00:00.0000000`,
        timeZone: zone,
      });
    }
  });

  it("§13 item 6: extended properties stored by exact id, found with $filter …/Any(…) and read back with $expand", async () => {
    const tagged = await me.client
      .api("/me/events")
      .post(eventBody(now, 5, "Tagged", { singleValueExtendedProperties: [{ id: PROP, value: "evt_123" }] }));
    await me.client.api("/me/events").post(eventBody(now, 5, "Untagged"));
    expect(tagged.singleValueExtendedProperties).toBeUndefined(); // not returned unless expanded (§5)
    const found = expectValidCollection(
      "eventCollection",
      await me.client
        .api("/me/events")
        .filter(`singleValueExtendedProperties/Any(ep: ep/id eq '${PROP}' and ep/value eq 'EVT_123')`)
        .get(),
    );
    expect(found.value.map((e) => e.id)).toEqual([tagged.id]);
    const wrongName = await me.client
      .api("/me/events")
      .filter(
        `singleValueExtendedProperties/Any(ep: ep/id eq '${PROP.replace("TrainingEventId", "trainingeventid")}' and ep/value eq 'evt_123')`,
      )
      .get();
    expect(wrongName.value).toEqual([]); // the Name part is case-sensitive
    const expanded = expectValid(
      "event",
      await me.client
        .api(`/me/events/${String(tagged.id)}`)
        .expand(`singleValueExtendedProperties($filter=id eq '${PROP}')`)
        .get(),
    );
    expect(expanded.singleValueExtendedProperties).toEqual([{ id: PROP, value: "evt_123" }]);
  });

  it("$select returns only the selected properties (plus id and @odata.etag)", async () => {
    const created = await me.client.api("/me/events").post(eventBody(now, 6, "Selected"));
    const sel = expectValid(
      "event",
      await me.client
        .api(`/me/events/${String(created.id)}`)
        .select(["subject", "start"])
        .get(),
    );
    expect(Object.keys(sel).sort()).toEqual(["@odata.context", "@odata.etag", "id", "start", "subject"]);
    expect(String(sel["@odata.context"])).toContain("/events(subject,start)/$entity");
    const bad = await failure(me.client.api("/me/events").select("nonsense").get());
    expect(bad.statusCode).toBe(400);
  });

  it("/users/{id}/calendars/{id}/events and /me/calendar/events reach the same events", async () => {
    const cal = await me.client.api("/me/calendar").get();
    const created = expectValid(
      "event",
      await me.client
        .api(`/users/${me.userId}/calendars/${String(cal.id)}/events`)
        .post(eventBody(now, 7, "Via calendar")),
    );
    const viaDefault = await me.client.api(`/me/calendar/events/${String(created.id)}`).get();
    expect(viaDefault.subject).toBe("Via calendar");
    const unknown = await failure(me.client.api("/me/calendars/AAMkNope/events").get());
    expect(unknown.statusCode).toBe(404);
  });
});

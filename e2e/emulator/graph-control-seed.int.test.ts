/**
 * Graph conformance, part 6: the control API additions (issue item 8), the seeded demo calendars
 * (item 9), app-only access, and the part-1 request log / faults covering Graph requests.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMs365Emulator, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, type Ms365Emulator } from "./index";
import {
  DAY,
  control,
  expectValid,
  expectValidCollection,
  freshMailbox,
  rawGraph,
  signedIn,
  type Mailbox,
} from "./testing/graph";

let emulator: Ms365Emulator;
let amelia: Mailbox;
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0 });
  amelia = await signedIn(emulator, "amelia.hart@northwind-training.example");
});
afterAll(async () => {
  await emulator?.close();
});

type Ev = Record<string, unknown> & {
  id: string;
  subject: string;
  type: string;
  sensitivity: string;
  showAs: string;
  isCancelled: boolean;
  isAllDay: boolean;
  responseStatus: { response: string };
};
const PROP = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name TrainingEventId";

describe("seeded demo calendars", () => {
  it("every stored event of a demo instructor is listed by the control API and validates; the mix is realistic", async () => {
    const { status, body } = await control<{ value: Ev[] }>(emulator, "GET", `/users/${amelia.userId}/events`);
    expect(status).toBe(200);
    for (const ev of body.value) expectValid("event", ev);
    const count = (pred: (e: Ev) => boolean) => body.value.filter(pred).length;
    expect(count((e) => e.type === "seriesMaster")).toBe(4);
    expect(count((e) => e.type === "exception")).toBe(1);
    expect(count((e) => e.isAllDay)).toBe(3);
    expect(count((e) => e.sensitivity === "private")).toBe(1);
    expect(count((e) => e.responseStatus.response === "declined")).toBe(1);
    expect(count((e) => e.responseStatus.response === "tentativelyAccepted")).toBe(1);
    expect(count((e) => e.isCancelled)).toBe(1);
    expect(count((e) => e.originalStartTimeZone === "AUS Eastern Standard Time")).toBe(1);
  });

  it("the demo instructor's calendarView (SDK) shows occurrences, holidays, private, declined, tentative and cancelled items", async () => {
    const now = emulator.ctx.now();
    const page = expectValidCollection(
      "eventCollection",
      await amelia.client
        .api("/me/calendarView")
        .query({
          startDateTime: new Date(now).toISOString(),
          endDateTime: new Date(now + 120 * DAY).toISOString(),
          $top: "500",
        })
        .get(),
    );
    const items = page.value as Ev[];
    expect(new Set(items.map((e) => e.type))).toEqual(new Set(["occurrence", "exception", "singleInstance"]));
    expect(items.find((e) => e.subject === "Dentist")).toMatchObject({ sensitivity: "private", showAs: "busy" });
    expect(items.find((e) => e.subject === "Public holiday")).toMatchObject({ isAllDay: true, showAs: "free" });
    expect(items.find((e) => e.subject === "Quarterly budget review")).toMatchObject({
      isOrganizer: false,
      responseStatus: { response: "declined" },
    });
    expect(items.find((e) => e.subject === "Curriculum planning")).toMatchObject({
      showAs: "tentative",
      responseStatus: { response: "tentativelyAccepted" },
    });
    expect(items.find((e) => e.subject.startsWith("Canceled:"))).toMatchObject({ isCancelled: true });
  });
});

describe("control API additions", () => {
  it("POST/PATCH/DELETE /_emulator/users/{id}/events change the mailbox as Outlook would; GET lists them with extended properties", async () => {
    const fresh = await freshMailbox(emulator);
    expect((await control<{ value: unknown[] }>(emulator, "GET", `/users/${fresh.userId}/events`)).body.value).toEqual(
      [],
    );
    const created = await control<Ev>(emulator, "POST", `/users/${fresh.email}/events`, {
      subject: "Invite from a colleague",
      isOrganizer: false,
      responseStatus: { response: "accepted" },
      organizer: { emailAddress: { name: "Dana Swope", address: "dana@contoso.example" } },
      start: { dateTime: "2027-02-01T10:00:00", timeZone: "Europe/London" },
      end: { dateTime: "2027-02-01T11:00:00", timeZone: "Europe/London" },
      singleValueExtendedProperties: [{ id: PROP, value: "evt_9" }],
    });
    expect(created.status).toBe(201);
    expect(expectValid("event", created.body)).toMatchObject({
      isOrganizer: false,
      responseStatus: { response: "accepted" },
      singleValueExtendedProperties: [{ id: PROP, value: "evt_9" }],
    });
    const viaGraph = await fresh.client.api(`/me/events/${created.body.id}`).get();
    expect(viaGraph.organizer.emailAddress.address).toBe("dana@contoso.example");

    const patched = await control<Ev>(emulator, "PATCH", `/users/${fresh.userId}/events/${created.body.id}`, {
      isCancelled: true,
    });
    expect([patched.status, patched.body.isCancelled]).toEqual([200, true]);
    const listed = await control<{ value: Ev[] }>(emulator, "GET", `/users/${fresh.userId}/events`);
    expect(listed.body.value.map((e) => [e.id, e.singleValueExtendedProperties])).toEqual([
      [created.body.id, [{ id: PROP, value: "evt_9" }]],
    ]);
    expect((await control(emulator, "DELETE", `/users/${fresh.userId}/events/${created.body.id}`)).status).toBe(204);
    const again = await control<{ error: { code: string } }>(
      emulator,
      "DELETE",
      `/users/${fresh.userId}/events/${created.body.id}`,
    );
    expect([again.status, again.body.error.code]).toEqual([404, "ErrorItemNotFound"]);
    expect((await control(emulator, "GET", "/users/nobody@nowhere.example/events")).status).toBe(404);
    const invalid = await control<{ error: { code: string } }>(emulator, "POST", `/users/${fresh.userId}/events`, {
      subject: "no times",
    });
    expect([invalid.status, invalid.body.error.code]).toEqual([400, "ErrorPropertyValidationFailure"]);
  });

  it("every PATCH through the control API (one field, even an unchanged one) moves changeKey, @odata.etag and lastModifiedDateTime on", async () => {
    const fresh = await freshMailbox(emulator);
    const created = await control<Ev>(emulator, "POST", `/users/${fresh.userId}/events`, {
      subject: "Pushed entry",
      start: { dateTime: "2027-02-01T10:00:00", timeZone: "UTC" },
      end: { dateTime: "2027-02-01T11:00:00", timeZone: "UTC" },
    });
    const versions = [created.body];
    for (const edit of [
      { body: { contentType: "html", content: "<p>notes</p>" } },
      { location: { displayName: "Room 12" } },
      { categories: ["Personal"] },
      { isReminderOn: false },
      { showAs: "tentative" },
      { showAs: "tentative" },
    ]) {
      await control(emulator, "POST", "/clock", { advanceSeconds: 1 });
      const patched = await control<Ev>(emulator, "PATCH", `/users/${fresh.userId}/events/${created.body.id}`, edit);
      expect(patched.status).toBe(200);
      versions.push(patched.body);
    }
    const keys = versions.map((v) => String(v.changeKey));
    expect(new Set(keys).size).toBe(keys.length);
    expect(versions.map((v) => v["@odata.etag"])).toEqual(keys.map((k) => `W/"${k}"`));
    const modified = versions.map((v) => Date.parse(String(v.lastModifiedDateTime)));
    expect(modified).toEqual([...modified].sort((a, b) => a - b));
    expect(new Set(modified).size).toBe(modified.length);
    // Graph reads show the same version, with `$select=changeKey` too (Full Private Mode's read).
    const read = await fresh.client.api(`/me/events/${created.body.id}`).select(["start", "changeKey"]).get();
    expect(read.changeKey).toBe(keys.at(-1));
  });

  it("the request log and faults of part 1 cover Graph requests", async () => {
    await control(emulator, "DELETE", "/requests");
    await control(emulator, "POST", "/faults", {
      pathPattern: "/v1.0/me/events",
      userId: amelia.userId,
      status: 503,
      errorCode: "serviceNotAvailable",
    });
    const failed = await rawGraph(emulator, amelia.token, "GET", "/me/events");
    expect(failed.status).toBe(503);
    expect(expectValid("error", failed.body)).toMatchObject({ error: { code: "serviceNotAvailable" } });
    expect((await rawGraph(emulator, amelia.token, "GET", "/me/events?$top=1")).status).toBe(200);
    const log = (
      await control<{ value: Array<{ path: string; status: number; userId?: string; query: Record<string, string> }> }>(
        emulator,
        "GET",
        `/requests?userId=${amelia.userId}&path=/v1.0/me/events`,
      )
    ).body.value;
    expect(log.map((e) => [e.path, e.status])).toEqual([
      ["/v1.0/me/events", 503],
      ["/v1.0/me/events", 200],
    ]);
    expect(log[1]?.query).toEqual({ $top: "1" });
  });

  it("reset restores the seeded calendars and drops everything created since", async () => {
    const before = (await control<{ value: Ev[] }>(emulator, "GET", `/users/${amelia.userId}/events`)).body.value
      .length;
    await control(emulator, "POST", `/users/${amelia.userId}/events`, {
      subject: "Temp",
      start: { dateTime: "2027-01-01T10:00:00", timeZone: "UTC" },
      end: { dateTime: "2027-01-01T11:00:00", timeZone: "UTC" },
    });
    expect((await control(emulator, "POST", "/reset")).status).toBe(200);
    const after = (await control<{ value: Ev[] }>(emulator, "GET", `/users/${amelia.userId}/events`)).body.value;
    expect(after).toHaveLength(before);
    expect(after.some((e) => e.subject === "Temp")).toBe(false);
    amelia = await signedIn(emulator, "amelia.hart@northwind-training.example"); // reset dropped the tokens too
  });
});

describe("app-only (client credentials) access", () => {
  it("reads any mailbox of its tenant after admin consent; /me is a 400; other tenants' users are unknown", async () => {
    const tenantId = emulator.state.users.get(amelia.userId)?.tenantId ?? "";
    await control(emulator, "POST", `/tenants/${tenantId}/consent`, {});
    const res = await fetch(`${emulator.url}/${tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: EMULATOR_CLIENT_ID,
        client_secret: EMULATOR_CLIENT_SECRET,
        scope: "https://graph.microsoft.com/.default",
      }),
    });
    const { access_token: token } = (await res.json()) as { access_token: string };
    const events = await rawGraph(emulator, token, "GET", `/users/${amelia.email}/events?$top=2`);
    expect(expectValidCollection("eventCollection", events.body).value).toHaveLength(2);
    const me = await rawGraph(emulator, token, "GET", "/me/events");
    expect([me.status, (me.body as { error: { code: string } }).error.code]).toEqual([400, "BadRequest"]);
    const foreign = await rawGraph(emulator, token, "GET", "/users/lukas.weber@fabrikam-learning.example/events");
    expect([foreign.status, (foreign.body as { error: { code: string } }).error.code]).toEqual([
      404,
      "ErrorInvalidUser",
    ]);
  });
});

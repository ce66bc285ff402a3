/**
 * Graph conformance, part 7: every supported route form (`/me` and `/users/{id|upn}`, default
 * calendar, named calendar) answers with a body that validates against Microsoft's OpenAPI schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMs365Emulator, type Ms365Emulator } from "./index";
import { expectValid, expectValidCollection, freshMailbox, rawGraph, type Mailbox } from "./testing/graph";
import type { CollectionName, SchemaName } from "./graph/schema-validator";

let emulator: Ms365Emulator;
let me: Mailbox;
let calendarId = "";
let eventId = "";
let masterId = "";
const WINDOW = "startDateTime=2027-01-01T00:00:00Z&endDateTime=2027-02-01T00:00:00Z";
const at = (d: string, t: string) => ({ dateTime: `2027-01-${d}T${t}`, timeZone: "UTC" });

beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0 });
  me = await freshMailbox(emulator);
  calendarId = String((await me.client.api("/me/calendar").get()).id);
  eventId = String(
    (
      await me.client
        .api("/me/events")
        .post({ subject: "Single", start: at("05", "09:00:00"), end: at("05", "10:00:00") })
    ).id,
  );
  masterId = String(
    (
      await me.client.api("/me/events").post({
        subject: "Series",
        start: at("04", "12:00:00"),
        end: at("04", "12:30:00"),
        recurrence: {
          pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
          range: { type: "endDate", startDate: "2027-01-04", endDate: "2027-01-25" },
        },
      })
    ).id,
  );
});
afterAll(async () => {
  await emulator?.close();
});

describe("every route form validates", () => {
  const roots = () => ["/me", `/users/${me.userId}`, `/users/${me.email}`];
  const scopes = () => ["", "/calendar", `/calendars/${calendarId}`];

  it("GET user, calendars, calendar", async () => {
    const cases: Array<[string, SchemaName | CollectionName]> = roots().flatMap(
      (r) =>
        [
          [r, "user"],
          [`${r}/calendars`, "calendarCollection"],
          [`${r}/calendar`, "calendar"],
          [`${r}/calendars/${calendarId}`, "calendar"],
        ] as Array<[string, SchemaName | CollectionName]>,
    );
    for (const [path, schema] of cases) await check("GET", path, schema);
  });

  it("GET events, event, instances, calendarView, delta under every calendar scope", async () => {
    for (const root of roots()) {
      for (const scope of scopes()) {
        const base = `${root}${scope}`;
        expect((await check("GET", `${base}/events`, "eventCollection")).value).toHaveLength(2);
        await check("GET", `${base}/events/${eventId}`, "event");
        expect(
          (await check("GET", `${base}/events/${masterId}/instances?${WINDOW}`, "eventCollection")).value,
        ).toHaveLength(4);
        expect((await check("GET", `${base}/calendarView?${WINDOW}`, "eventCollection")).value).toHaveLength(5);
        expect((await check("GET", `${base}/calendarView/delta?${WINDOW}`, "deltaCollection")).value).toHaveLength(5);
      }
    }
  });

  it("POST, PATCH, DELETE through /users/{id}/calendars/{id}/events", async () => {
    const base = `/users/${me.userId}/calendars/${calendarId}/events`;
    const created = await check(
      "POST",
      base,
      "event",
      { subject: "Scoped", start: at("20", "09:00:00"), end: at("20", "10:00:00") },
      201,
    );
    await check("PATCH", `${base}/${String(created.id)}`, "event", { subject: "Scoped 2" });
    expect((await rawGraph(emulator, me.token, "DELETE", `${base}/${String(created.id)}`)).status).toBe(204);
  });
});

async function check(method: string, path: string, schema: SchemaName | CollectionName, body?: unknown, status = 200) {
  const res = await rawGraph(emulator, me.token, method, path, body === undefined ? {} : { body });
  expect([path, res.status]).toEqual([path, status]);
  return schema.endsWith("Collection")
    ? expectValidCollection(schema as CollectionName, res.body)
    : expectValid(schema as SchemaName, res.body);
}

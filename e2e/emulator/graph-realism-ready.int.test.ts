/**
 * Realistic profile over HTTP, issue 20 ("Ready for real Microsoft 365"): Deleted Items (id stays
 * readable and patchable, leaves calendarView and `/calendar/events`, delta `@removed`), zones per
 * Graph's documented list, a transactionId window that survives a delete, delta lag longer than the
 * notification wait, immutable ids inside `$batch` per policy, 10,080-minute subscriptions. Each
 * behaviour is also shown off under `clean` (or with its switch off), so the switch is what matters.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMs365Emulator, type Ms365Emulator } from "./index";
import { control, DAY, eventBody, freshMailbox, rawGraph, type Mailbox } from "./testing/graph";

let emulator: Ms365Emulator;
let me: Mailbox;
let now: number;
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0, profile: { profile: "realistic", seed: 20 } });
});
beforeEach(async () => {
  await control(emulator, "POST", "/reset");
  now = emulator.ctx.now();
  me = await freshMailbox(emulator);
});
afterAll(async () => emulator?.close());

const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };
const window = () =>
  `startDateTime=${new Date(now - DAY).toISOString()}&endDateTime=${new Date(now + 10 * DAY).toISOString()}`;
const viewIds = async () =>
  (
    (await rawGraph(emulator, me.token, "GET", `/me/calendarView?${window()}&$top=100`, { headers: IMMUTABLE })).body
      .value as { id: string }[]
  ).map((e) => e.id);

async function create(subject: string, extra: Record<string, unknown> = {}) {
  const res = await rawGraph(emulator, me.token, "POST", "/me/events", {
    body: eventBody(now, 2, subject, extra),
    headers: IMMUTABLE,
  });
  return res;
}

async function deltaRound(link?: string) {
  let res = await rawGraph(emulator, me.token, "GET", link ?? `/me/calendarView/delta?${window()}`, {
    headers: IMMUTABLE,
  });
  const items: Record<string, unknown>[] = [];
  for (;;) {
    items.push(...(res.body.value as Record<string, unknown>[]));
    const next = res.body["@odata.nextLink"] as string | undefined;
    if (!next) return { items, deltaLink: String(res.body["@odata.deltaLink"]) };
    res = await rawGraph(emulator, me.token, "GET", next, { headers: IMMUTABLE });
  }
}

describe("Deleted Items (§4.3: a deleted item goes to Deleted Items, its immutable id unchanged)", () => {
  it("an entry deleted in Outlook stays readable and patchable by id, leaves the calendar, and delta reports it @removed", async () => {
    await control(emulator, "POST", "/profile", { overrides: { deltaReplicationLagMs: 0 } });
    const id = String((await create("Booking")).body.id);
    const { deltaLink } = await deltaRound();
    expect(await viewIds()).toContain(id);

    expect((await control(emulator, "DELETE", `/users/${me.userId}/events/${id}`)).status).toBe(204);

    const read = await rawGraph(emulator, me.token, "GET", `/me/events/${id}`, { headers: IMMUTABLE });
    expect(read.status).toBe(200);
    const patched = await rawGraph(emulator, me.token, "PATCH", `/me/events/${id}`, {
      body: { subject: "Booking (put back)" },
      headers: IMMUTABLE,
    });
    expect(patched.status).toBe(200); // the PATCH lands on the trashed copy
    expect(await viewIds()).not.toContain(id);
    const throughCalendar = await rawGraph(emulator, me.token, "GET", `/me/calendar/events/${id}`, {
      headers: IMMUTABLE,
    });
    expect(throughCalendar.status).toBe(404);
    const listed = await rawGraph(emulator, me.token, "GET", "/me/events?$top=100", { headers: IMMUTABLE });
    expect((listed.body.value as { id: string }[]).map((e) => e.id)).not.toContain(id);
    const next = await deltaRound(deltaLink);
    expect(next.items).toContainEqual(expect.objectContaining({ id, "@removed": { reason: "deleted" } }));
    const trash = await control<{ value: { subject: string }[] }>(
      emulator,
      "GET",
      `/users/${me.userId}/events?folder=deleteditems`,
    );
    expect(trash.body.value.map((e) => e.subject)).toEqual(["Booking (put back)"]);

    // A second delete purges it.
    expect((await rawGraph(emulator, me.token, "DELETE", `/me/events/${id}`)).status).toBe(204);
    expect((await rawGraph(emulator, me.token, "GET", `/me/events/${id}`)).status).toBe(404);
  });

  it("with deletedItems off (the clean profile) a delete is final: 404 at once", async () => {
    await control(emulator, "POST", "/profile", { overrides: { deletedItems: false } });
    const id = String((await create("Booking")).body.id);
    await control(emulator, "DELETE", `/users/${me.userId}/events/${id}`);
    expect((await rawGraph(emulator, me.token, "GET", `/me/events/${id}`)).status).toBe(404);
  });
});

describe("time zones (dateTimeTimeZone DOC: Windows names + the documented additional zones)", () => {
  it.each(["Pacific Standard Time", "GMT Standard Time", "UTC", "Europe/London", "America/New_York"])(
    "accepts %s",
    async (timeZone) => {
      const res = await create("Zone", {
        start: { dateTime: "2026-12-08T09:00:00", timeZone },
        end: { dateTime: "2026-12-08T10:00:00", timeZone },
      });
      expect(res.status).toBe(201);
    },
  );

  it("refuses an IANA name outside the documented list with Graph's error; the clean profile accepts it", async () => {
    const body = {
      start: { dateTime: "2026-12-08T09:00:00", timeZone: "Europe/Guernsey" },
      end: { dateTime: "2026-12-08T10:00:00", timeZone: "Europe/Guernsey" },
    };
    const refused = await create("Zone", body);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "TimeZoneNotSupportedException" });
    await control(emulator, "POST", "/profile", { overrides: { zoneNames: "any" } });
    expect((await create("Zone", body)).status).toBe(201);
  });
});

describe("transactionId window", () => {
  it("survives a delete: the same transactionId after a removal hands back the deleted event", async () => {
    const first = await create("Booking", { transactionId: "tx-ready-1" });
    const id = String(first.body.id);
    await rawGraph(emulator, me.token, "DELETE", `/me/events/${id}`);
    await rawGraph(emulator, me.token, "DELETE", `/me/events/${id}`); // purged from Deleted Items too
    const again = await create("Booking again", { transactionId: "tx-ready-1" });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(id);
    expect(again.body.subject).toBe("Booking");
    expect(await viewIds()).not.toContain(id); // nothing is back in the calendar

    await control(emulator, "POST", "/profile", { overrides: { transactionIdWindowMs: null, deletedItems: false } });
    const other = await create("Other", { transactionId: "tx-ready-2" });
    await rawGraph(emulator, me.token, "DELETE", `/me/events/${String(other.body.id)}`);
    const fresh = await create("Other again", { transactionId: "tx-ready-2" });
    expect(fresh.body.id).not.toBe(other.body.id);
  });
});

describe("delta lag longer than the notification wait", () => {
  it("a change stays out of delta for the lag (settable past 20 s) while calendarView shows it at once", async () => {
    await control(emulator, "POST", "/profile", { overrides: { deltaReplicationLagMs: 30_000 } });
    const { deltaLink } = await deltaRound();
    const id = String((await create("Late")).body.id);
    expect(await viewIds()).toContain(id);
    expect((await deltaRound(deltaLink)).items).toEqual([]);
    await control(emulator, "POST", "/clock", { advanceSeconds: 31 });
    expect((await deltaRound(deltaLink)).items.map((e) => e.id)).toContain(id);
  });
});

describe("immutable ids inside $batch", () => {
  const batchCreate = (subHeaders: Record<string, string>, outer: Record<string, string> = {}) =>
    rawGraph(emulator, me.token, "POST", "/$batch", {
      headers: outer,
      body: {
        requests: [
          {
            id: "1",
            method: "POST",
            url: "/me/events",
            headers: { "Content-Type": "application/json", ...subHeaders },
            body: eventBody(now, 3, "Batched"),
          },
        ],
      },
    });
  const idOf = (res: Awaited<ReturnType<typeof batchCreate>>) =>
    String((res.body.responses as { body: { id: string } }[])[0]!.body.id);

  it.each([
    ["subRequest", IMMUTABLE, {}, true],
    ["outer", IMMUTABLE, {}, false],
    ["outer", {}, IMMUTABLE, true],
    ["ignored", IMMUTABLE, IMMUTABLE, false],
  ] as const)("policy %s (sub %o, outer %o) -> immutable id: %s", async (policy, sub, outer, immutable) => {
    await control(emulator, "POST", "/profile", { overrides: { batchImmutableIds: policy } });
    const id = idOf(await batchCreate(sub, outer));
    expect((await viewIds()).includes(id)).toBe(immutable);
  });
});

describe("subscription lifetime", () => {
  it("accepts 10,080 minutes for events and refuses more", async () => {
    const body = (minutes: number) => ({
      changeType: "created,updated,deleted",
      notificationUrl: `${emulator.url}/_emulator/echo`,
      resource: "me/events",
      expirationDateTime: new Date(now + minutes * 60_000).toISOString(),
    });
    const over = await rawGraph(emulator, me.token, "POST", "/subscriptions", { body: body(10_081) });
    expect(over.status).toBe(400);
    expect(String((over.body.error as { message: string }).message)).toMatch(/10080 minutes/);
  });
});

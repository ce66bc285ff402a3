/**
 * Graph conformance, part 3: calendarView/delta rounds with the Graph SDK (graph-behaviour.md §3;
 * checklist §13 item 2): initial round needs the window, PageIterator follows $skiptoken nextLinks to
 * a $deltatoken deltaLink, later rounds carry only changes made "in Outlook" through the control API
 * (@removed for deletions and out-of-window churn), unsupported query options are rejected, and
 * expired tokens answer 410 SyncStateNotFound.
 */
import { GraphError, PageIterator } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMs365Emulator, type Ms365Emulator } from "./index";
import {
  control,
  expectValidCollection,
  expectValidGraphError,
  freshMailbox,
  schemas,
  type Mailbox,
} from "./testing/graph";

let emulator: Ms365Emulator;
let me: Mailbox;
const WINDOW = { startDateTime: "2027-03-01T00:00:00Z", endDateTime: "2027-04-01T00:00:00Z" };
const at = (date: string, time = "09:00:00") => ({ dateTime: `${date}T${time}`, timeZone: "UTC" });
const single = (subject: string, date: string) => ({ subject, start: at(date), end: at(date, "10:00:00") });

beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0 });
  me = await freshMailbox(emulator);
});
afterAll(async () => {
  await emulator?.close();
});

type Item = {
  id: string;
  subject?: string;
  type?: string;
  seriesMasterId?: string | null;
  "@removed"?: { reason: string };
};

/** One delta round, following links verbatim (§3); every page validated against the delta response schema. */
async function round(
  firstUrl: string,
  query?: Record<string, string>,
  pageSize = 3,
): Promise<{ items: Item[]; deltaLink: string; pages: number }> {
  const headers = { Prefer: `odata.maxpagesize=${pageSize}` };
  const request = me.client.api(firstUrl).headers(headers);
  let page = expectValidCollection("deltaCollection", await (query ? request.query(query) : request).get());
  const items: Item[] = [...(page.value as Item[])];
  let pages = 1;
  while (typeof page["@odata.nextLink"] === "string") {
    expect(page["@odata.nextLink"]).toMatch(
      new RegExp(`^${emulator.url}/v1.0/me/calendarView/delta\\?\\$skiptoken=[^&]+$`),
    );
    expect(page["@odata.deltaLink"]).toBeUndefined();
    page = expectValidCollection(
      "deltaCollection",
      await me.client.api(page["@odata.nextLink"]).headers(headers).get(),
    );
    items.push(...(page.value as Item[]));
    pages++;
  }
  const deltaLink = String(page["@odata.deltaLink"]);
  expect(deltaLink).toMatch(new RegExp(`^${emulator.url}/v1.0/me/calendarView/delta\\?\\$deltatoken=[^&]+$`));
  return { items, deltaLink, pages };
}

/** The same round through the SDK's PageIterator, which follows nextLinks and records the deltaLink. */
async function iterate(query: Record<string, string>): Promise<{ items: Item[]; deltaLink: string | undefined }> {
  const headers = { Prefer: "odata.maxpagesize=3" };
  const first = await me.client.api("/me/calendarView/delta").headers(headers).query(query).get();
  const items: Item[] = [];
  const iterator = new PageIterator(
    me.client,
    first as never,
    (item: Item) => {
      expect(schemas().validate("event", item).errors).toEqual([]);
      items.push(item);
      return true;
    },
    { headers },
  );
  await iterator.iterate();
  return { items, deltaLink: iterator.getDeltaLink() };
}

describe("calendarView/delta", () => {
  it("§13 item 2: rounds — initial (paged), then only changes, @removed for deletes and out-of-window churn, 410 after expiry", async () => {
    const created = [];
    for (let day = 1; day <= 7; day++)
      created.push(await me.client.api("/me/events").post(single(`Event ${day}`, `2027-03-0${day}`)));
    await me.client.api("/me/events").post({
      ...single("Daily stand-up", "2027-03-29"),
      recurrence: {
        pattern: { type: "daily", interval: 1 },
        range: { type: "numbered", startDate: "2027-03-29", numberOfOccurrences: 5 },
      },
    });
    await me.client.api("/me/events").post(single("Outside", "2027-06-01"));

    const initial = await round("/me/calendarView/delta", WINDOW);
    expect(initial.pages).toBe(4); // 7 singles + 3 occurrences in the window (29–31 March), 3 per page
    expect(initial.items).toHaveLength(10);
    expect(
      initial.items
        .filter((i) => i.subject === "Daily stand-up")
        .every((i) => i.type === "occurrence" && i.seriesMasterId),
    ).toBe(true);
    expect(initial.items.some((i) => i.subject === "Outside" || i.type === "seriesMaster")).toBe(false);
    const viaIterator = await iterate(WINDOW);
    expect(viaIterator.items.map((i) => i.id).sort()).toEqual(initial.items.map((i) => i.id).sort());
    expect(viaIterator.deltaLink).toMatch(/\$deltatoken=/);

    // Changes "made in Outlook" through the control API.
    const userPath = `/users/${me.userId}/events`;
    const added = await control<{ id: string }>(emulator, "POST", userPath, single("Added in Outlook", "2027-03-20"));
    expect(added.status).toBe(201);
    expect(
      (await control(emulator, "PATCH", `${userPath}/${String(created[0]?.id)}`, { subject: "Renamed in Outlook" }))
        .status,
    ).toBe(200);
    expect((await control(emulator, "DELETE", `${userPath}/${String(created[1]?.id)}`)).status).toBe(204);
    const outside = await control<{ id: string }>(emulator, "POST", userPath, single("Far away", "2027-09-01"));

    const second = await round(initial.deltaLink);
    const byId = new Map(second.items.map((i) => [i.id, i]));
    expect(second.items).toHaveLength(4);
    expect(byId.get(added.body.id)?.subject).toBe("Added in Outlook");
    expect(byId.get(String(created[0]?.id))?.subject).toBe("Renamed in Outlook");
    expect(byId.get(String(created[1]?.id))).toEqual({
      "@odata.type": "#microsoft.graph.event",
      id: created[1]?.id,
      "@removed": { reason: "deleted" },
    });
    expect(byId.get(outside.body.id)?.["@removed"]).toEqual({ reason: "deleted" });

    const quiet = await round(second.deltaLink);
    expect(quiet.items).toEqual([]);

    expect((await control(emulator, "POST", "/delta/expire", { userId: me.userId })).status).toBe(200);
    const expired = (await me.client
      .api(quiet.deltaLink)
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expectValidGraphError(expired, 410, "SyncStateNotFound");
  });

  it("§13 item 2: the initial round requires the window; $select/$filter/$orderby/$expand are rejected", async () => {
    const noWindow = (await me.client
      .api("/me/calendarView/delta")
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect([noWindow.statusCode, noWindow.code]).toEqual([400, "ErrorInvalidParameter"]);
    const rejected: Array<Record<string, string>> = [
      { $select: "subject" },
      { $filter: "subject eq 'x'" },
      { $orderby: "start/dateTime" },
      { $expand: "attachments" },
    ];
    for (const option of rejected) {
      const err = (await me.client
        .api("/me/calendarView/delta")
        .query({ ...WINDOW, ...option })
        .get()
        .catch((e: unknown) => e)) as GraphError;
      expect(err.statusCode).toBe(400);
    }
  });

  it("a tampered token is rejected; the long OData function name is served too", async () => {
    const page = await me.client.api("/me/calendarView/microsoft.graph.delta()").query(WINDOW).get();
    expect(page["@odata.nextLink"] ?? page["@odata.deltaLink"]).toBeDefined();
    const tampered = (await me.client
      .api("/me/calendarView/delta?$deltatoken=abc.def")
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect(tampered.statusCode).toBe(400);
  });
});

/**
 * Graph conformance, part 2: calendarView with the Graph SDK's PageIterator (graph-behaviour.md §2;
 * checklist §13 item 1): required window, overlap, recurrence expansion with exceptions and cancelled
 * occurrences, paging (10 by default, $top, Prefer: odata.maxpagesize, absolute https nextLink),
 * $select, $orderby, ImmutableId. Fixed dates in 2027 so the expected instances are literal.
 */
import { GraphError, PageIterator } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMs365Emulator, type Ms365Emulator } from "./index";
import { expectValid, expectValidCollection, freshMailbox, rawGraph, schemas, type Mailbox } from "./testing/graph";

let emulator: Ms365Emulator;
let me: Mailbox;
const WINDOW = { startDateTime: "2027-01-01T00:00:00Z", endDateTime: "2027-04-01T00:00:00Z" };
const at = (date: string, time = "09:00:00") => ({ dateTime: `${date}T${time}`, timeZone: "UTC" });
const series = (
  subject: string,
  startDate: string,
  pattern: Record<string, unknown>,
  range: Record<string, unknown>,
) => ({
  subject,
  start: at(startDate),
  end: at(startDate, "09:30:00"),
  recurrence: { pattern, range: { startDate, ...range } },
});

let weeklyId = "";
beforeAll(async () => {
  emulator = await createMs365Emulator({ port: 0 });
  me = await freshMailbox(emulator);
  const post = (body: unknown) => me.client.api("/me/events").post(body) as Promise<{ id: string }>;
  weeklyId = (
    await post(
      series(
        "Weekly 1:1",
        "2027-01-04",
        { type: "weekly", interval: 1, daysOfWeek: ["monday", "wednesday"] },
        { type: "numbered", numberOfOccurrences: 6 },
      ),
    )
  ).id;
  await post(
    series("Every other day", "2027-01-04", { type: "daily", interval: 2 }, { type: "endDate", endDate: "2027-01-10" }),
  );
  await post(
    series("Monthly report", "2027-01-15", { type: "absoluteMonthly", interval: 1, dayOfMonth: 15 }, { type: "noEnd" }),
  );
  await post(
    series(
      "Second Tuesday",
      "2027-01-01",
      { type: "relativeMonthly", interval: 1, daysOfWeek: ["tuesday"], index: "second" },
      { type: "numbered", numberOfOccurrences: 3 },
    ),
  );
  await post(
    series(
      "Anniversary",
      "2027-02-28",
      { type: "absoluteYearly", interval: 1, month: 2, dayOfMonth: 28 },
      { type: "noEnd" },
    ),
  );
  // Weekly series: move the 2nd occurrence by an hour (exception), cancel the 3rd.
  const instances = await me.client.api(`/me/events/${weeklyId}/instances`).query(WINDOW).get();
  const [, second, third] = instances.value as Array<{ id: string }>;
  await me.client
    .api(`/me/events/${second?.id ?? ""}`)
    .patch({ subject: "Weekly 1:1 (moved)", start: at("2027-01-06", "10:00:00"), end: at("2027-01-06", "10:30:00") });
  await me.client.api(`/me/events/${third?.id ?? ""}`).delete();
});
afterAll(async () => {
  await emulator?.close();
});

type Ev = { id: string; subject: string; type: string; seriesMasterId: string | null; start: { dateTime: string } };
const dates = (events: Ev[], subject: string) =>
  events.filter((e) => e.subject.startsWith(subject)).map((e) => e.start.dateTime.slice(0, 10));

/** Every item of a collection via the SDK's PageIterator (follows @odata.nextLink verbatim, §12). */
async function allPages(
  path: string,
  query: Record<string, string>,
): Promise<{ items: Ev[]; firstPage: Record<string, unknown> }> {
  const firstPage = expectValidCollection("eventCollection", await me.client.api(path).query(query).get());
  const items: Ev[] = [];
  const iterator = new PageIterator(me.client, firstPage as never, (item: Ev) => {
    expect(schemas().validate("event", item).errors).toEqual([]);
    items.push(item);
    return true;
  });
  await iterator.iterate();
  expect(iterator.isComplete()).toBe(true);
  return { items, firstPage };
}

describe("calendarView", () => {
  it("§13 item 1: startDateTime/endDateTime are required (400 ErrorInvalidParameter)", async () => {
    const err = (await me.client
      .api("/me/calendarView")
      .query({ startDateTime: WINDOW.startDateTime })
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect([err.statusCode, err.code]).toEqual([400, "ErrorInvalidParameter"]);
    expect(err.message).toBe(
      "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
    );
  });

  it("§13 item 1: PageIterator walks 10-item pages of expanded occurrences and exceptions, never masters", async () => {
    const { items, firstPage } = await allPages("/me/calendarView", WINDOW);
    expect((firstPage.value as unknown[]).length).toBe(10);
    const next = String(firstPage["@odata.nextLink"]);
    expect(next.startsWith(`${emulator.url}/v1.0/me/calendarView?`)).toBe(true);
    expect(next).toContain("$skip=10");
    expect(items).toHaveLength(16);
    expect(new Set(items.map((e) => e.id)).size).toBe(16);
    expect(items.some((e) => e.type === "seriesMaster")).toBe(false);
    expect(dates(items, "Weekly 1:1")).toEqual(["2027-01-04", "2027-01-06", "2027-01-13", "2027-01-18", "2027-01-20"]);
    const moved = items.find((e) => e.subject === "Weekly 1:1 (moved)");
    expect(moved).toMatchObject({
      type: "exception",
      seriesMasterId: weeklyId,
      start: { dateTime: "2027-01-06T10:00:00.0000000" },
    });
    expect(
      items
        .filter((e) => e.subject === "Weekly 1:1")
        .every((e) => e.type === "occurrence" && e.seriesMasterId === weeklyId),
    ).toBe(true);
    expect(dates(items, "Every other day")).toEqual(["2027-01-04", "2027-01-06", "2027-01-08", "2027-01-10"]);
    expect(dates(items, "Monthly report")).toEqual(["2027-01-15", "2027-02-15", "2027-03-15"]);
    expect(dates(items, "Second Tuesday")).toEqual(["2027-01-12", "2027-02-09", "2027-03-09"]);
    expect(dates(items, "Anniversary")).toEqual(["2027-02-28"]);
    const master = expectValid("event", await me.client.api(`/me/events/${weeklyId}`).get());
    expect(master.type).toBe("seriesMaster");
    expect(master.cancelledOccurrences).toEqual([`OID.${weeklyId}.2027-01-11`]);
  });

  it("§13 item 1: $top and Prefer: odata.maxpagesize set the page size", async () => {
    const top = expectValidCollection(
      "eventCollection",
      await me.client
        .api("/me/calendarView")
        .query({ ...WINDOW, $top: "4" })
        .get(),
    );
    expect(top.value).toHaveLength(4);
    expect(String(top["@odata.nextLink"])).toMatch(/\$top=4.*\$skip=4$/);
    const res = await rawGraph(emulator, me.token, "GET", `/me/calendarView?${new URLSearchParams(WINDOW)}`, {
      headers: { Prefer: "odata.maxpagesize=7" },
    });
    expect(expectValidCollection("eventCollection", res.body).value).toHaveLength(7);
    expect(res.headers.get("preference-applied")).toBe("odata.maxpagesize=7");
  });

  it("overlap semantics: an event overlapping the window edge is returned, one ending exactly at the start is not", async () => {
    await me.client
      .api("/me/events")
      .post({ subject: "Straddles", start: at("2027-05-31", "23:00:00"), end: at("2027-06-01", "01:00:00") });
    await me.client
      .api("/me/events")
      .post({ subject: "Ends at start", start: at("2027-05-31", "22:00:00"), end: at("2027-06-01", "00:00:00") });
    const page = await me.client
      .api("/me/calendarView")
      .query({ startDateTime: "2027-06-01T00:00:00Z", endDateTime: "2027-06-02T00:00:00Z" })
      .get();
    expect((page.value as Ev[]).map((e) => e.subject)).toEqual(["Straddles"]);
  });

  it("$select leaves unselected properties out; $orderby=start/dateTime desc reverses the order", async () => {
    const page = expectValidCollection(
      "eventCollection",
      await me.client
        .api("/me/calendarView")
        .query(WINDOW)
        .select(["subject", "start"])
        .orderby("start/dateTime desc")
        .top(3)
        .get(),
    );
    expect(page.value.map((e) => Object.keys(e).sort())).toEqual(
      Array(3).fill(["@odata.etag", "id", "start", "subject"]),
    );
    expect(page.value.map((e) => (e.start as { dateTime: string }).dateTime.slice(0, 10))).toEqual([
      "2027-03-15",
      "2027-03-09",
      "2027-02-28",
    ]);
  });

  it("Prefer: outlook.timezone (Windows name) renders occurrences in that zone; IdType=ImmutableId is applied and ids are stable", async () => {
    const res = await rawGraph(
      emulator,
      me.token,
      "GET",
      `/me/calendarView?${new URLSearchParams({ ...WINDOW, $top: "1" })}`,
      {
        headers: { Prefer: 'outlook.timezone="Eastern Standard Time", IdType="ImmutableId"' },
      },
    );
    expect(res.headers.get("preference-applied")).toBe(
      'outlook.timezone="Eastern Standard Time", IdType="ImmutableId"',
    );
    const first = expectValidCollection("eventCollection", res.body).value[0];
    expect(first?.start).toEqual({ dateTime: "2027-01-04T04:00:00.0000000", timeZone: "Eastern Standard Time" });
    const plain = await me.client
      .api("/me/calendarView")
      .query({ ...WINDOW, $top: "1" })
      .get();
    expect(plain.value[0].id).toBe(first?.id);
  });
});

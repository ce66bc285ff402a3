import { describe, expect, it } from "vitest";
import { calendarViewPage, nextLinkWithSkip, parseWindow } from "./calendar-view";
import { createEvent, deleteEvent, getEvent, updateEvent } from "./event-store";
import { renderEvent } from "./event-render";
import { parseODataQuery } from "./odata";
import { GraphSchemaValidator } from "./schema-validator";
import { NOW, newMailbox, utc } from "./test-helpers";

const at = (iso: string, zone = "UTC") => ({ dateTime: iso, timeZone: zone });
const single = (subject: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  subject,
  start: at(start),
  end: at(end),
  ...extra,
});
const weeklyBody = {
  subject: "Weekly",
  start: at("2026-03-02T09:00:00", "Europe/London"),
  end: at("2026-03-02T09:30:00", "Europe/London"),
  recurrence: {
    pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
    range: { type: "numbered", startDate: "2026-03-02", numberOfOccurrences: 6 },
  },
};
const window = (s: string, e: string) => parseWindow({ startDateTime: s, endDateTime: e });

describe("event verbs (graph-behaviour.md §4)", () => {
  it("replays a create with the same transactionId instead of duplicating", () => {
    const { mb } = newMailbox();
    const body = single("A", "2026-03-20T10:00:00", "2026-03-20T11:00:00", { transactionId: "tx-1" });
    const first = createEvent(mb, body, { now: NOW });
    const again = createEvent(mb, body, { now: NOW + 5000 });
    expect(again.replayed).toBe(true);
    expect(again.event.id).toBe(first.event.id);
    expect(mb.events.size).toBe(1);
  });

  it("bumps changeKey on every change and enforces If-Match with 412", () => {
    const { mb } = newMailbox();
    const { event } = createEvent(mb, single("A", "2026-03-20T10:00:00", "2026-03-20T11:00:00"), { now: NOW });
    const firstKey = event.changeKey;
    const u1 = updateEvent(mb, event.id, { subject: "B" }, { now: NOW + 1, ifMatch: `W/"${firstKey}"` });
    expect(u1.event.changeKey).not.toBe(firstKey);
    expect(renderEvent(u1.event)["@odata.etag"]).toBe(`W/"${u1.event.changeKey}"`);
    expect(() => updateEvent(mb, event.id, { subject: "C" }, { now: NOW + 2, ifMatch: `W/"${firstKey}"` })).toThrow(
      expect.objectContaining({ status: 412, code: "ErrorIrresolvableConflict" }),
    );
    expect(updateEvent(mb, event.id, { subject: "D" }, { now: NOW + 3, ifMatch: "*" }).event.subject).toBe("D");
  });

  it("404s unknown and deleted ids, case-sensitively", () => {
    const { mb } = newMailbox();
    const { event } = createEvent(mb, single("A", "2026-03-20T10:00:00", "2026-03-20T11:00:00"), { now: NOW });
    expect(() => getEvent(mb, event.id.toLowerCase())).toThrow(
      expect.objectContaining({ status: 404, code: "ErrorItemNotFound" }),
    );
    deleteEvent(mb, event.id, { now: NOW });
    expect(() => deleteEvent(mb, event.id, { now: NOW })).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("PATCH on an occurrence makes an exception; DELETE on one cancels it; the master records both", () => {
    const { mb } = newMailbox();
    const master = createEvent(mb, weeklyBody, { now: NOW }).event;
    const w = window("2026-03-01T00:00:00Z", "2026-04-30T00:00:00Z");
    const occ = calendarViewPage(mb, w, { top: 50 }).items;
    expect(occ).toHaveLength(6);
    const [o1, o2] = occ;
    if (!o1 || !o2) throw new Error("need occurrences");
    expect(getEvent(mb, o1.id).id).toBe(o1.id);
    const ex = updateEvent(
      mb,
      o1.id,
      {
        subject: "Moved",
        start: at("2026-03-02T11:00:00", "Europe/London"),
        end: at("2026-03-02T11:30:00", "Europe/London"),
      },
      { now: NOW },
    );
    expect(ex.event).toMatchObject({ type: "exception", seriesMasterId: master.id, subject: "Moved" });
    deleteEvent(mb, o2.id, { now: NOW });
    const after = calendarViewPage(mb, w, { top: 50 }).items;
    expect(after.map((e) => [e.type, utc(e.startMs)])).toEqual([
      ["exception", "2026-03-02T11:00:00.000Z"],
      ["occurrence", "2026-03-16T09:00:00.000Z"],
      ["occurrence", "2026-03-23T09:00:00.000Z"],
      ["occurrence", "2026-03-30T08:00:00.000Z"], // BST from 29 March
      ["occurrence", "2026-04-06T08:00:00.000Z"],
    ]);
    expect(mb.events.get(master.id)?.cancelledOccurrences).toEqual([`OID.${master.id}.2026-03-09`]);
    expect(() => getEvent(mb, o2.id)).toThrow(expect.objectContaining({ status: 404 }));
    deleteEvent(mb, master.id, { now: NOW });
    expect(mb.events.size).toBe(0); // the exception went with its master
  });
});

describe("calendarView", () => {
  function seeded() {
    const ctx = newMailbox();
    for (let i = 0; i < 12; i++) {
      const d = String(10 + i).padStart(2, "0");
      createEvent(ctx.mb, single(`E${i}`, `2026-03-${d}T10:00:00`, `2026-03-${d}T11:00:00`), { now: NOW });
    }
    createEvent(ctx.mb, weeklyBody, { now: NOW });
    return ctx;
  }

  it("requires both window bounds", () => {
    expect(() => parseWindow({ startDateTime: "2026-03-01T00:00:00Z" })).toThrow(
      expect.objectContaining({ code: "ErrorInvalidParameter", status: 400 }),
    );
  });

  it("returns overlapping instances only, never masters, half-open at the edges", () => {
    const { mb } = seeded();
    const w = window("2026-03-10T11:00:00Z", "2026-03-11T10:00:00Z"); // E0 ends at start, E1 starts at end
    expect(calendarViewPage(mb, w, {}).items).toEqual([]);
    const inclusive = calendarViewPage(mb, w, {}, { inclusiveStart: true }).items;
    expect(inclusive.map((e) => e.subject)).toEqual(["E0"]);
    const all = calendarViewPage(mb, window("2026-03-01T00:00:00Z", "2026-04-30T00:00:00Z"), { top: 100 }).items;
    expect(all.some((e) => e.type === "seriesMaster")).toBe(false);
    expect(all).toHaveLength(18);
  });

  it.each([
    ["default page size 10", {}, undefined, 10, 10],
    ["$top wins", { $top: "5" }, 3, 5, 5],
    ["maxpagesize", {}, 4, 4, 4],
  ])("%s", (_n, q, maxPageSize, size, nextSkip) => {
    const { mb } = seeded();
    const page = calendarViewPage(mb, window("2026-03-01T00:00:00Z", "2026-04-30T00:00:00Z"), parseODataQuery(q), {
      maxPageSize,
    });
    expect(page.items).toHaveLength(size);
    expect(page.nextSkip).toBe(nextSkip);
  });

  it("pages with $skip links to the end, in start order (desc with $orderby)", () => {
    const { mb } = seeded();
    const w = window("2026-03-01T00:00:00Z", "2026-04-30T00:00:00Z");
    const seen: number[] = [];
    let skip: number | undefined = 0;
    while (skip !== undefined) {
      const page = calendarViewPage(mb, w, parseODataQuery({ $skip: String(skip) }));
      seen.push(...page.items.map((e) => e.startMs));
      skip = page.nextSkip;
    }
    expect(seen).toHaveLength(18);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const desc = calendarViewPage(mb, w, parseODataQuery({ $orderby: "start/dateTime desc", $top: "3" })).items;
    expect(desc.map((e) => utc(e.startMs))).toEqual([
      "2026-04-06T08:00:00.000Z",
      "2026-03-30T08:00:00.000Z",
      "2026-03-23T09:00:00.000Z",
    ]);
    expect(
      nextLinkWithSkip("https://localhost:8443/v1.0/me/calendarView?startDateTime=a&endDateTime=b&$skip=10", 20),
    ).toBe("https://localhost:8443/v1.0/me/calendarView?startDateTime=a&endDateTime=b&$skip=20");
  });

  it("every rendered calendarView page validates against the collection schema", () => {
    const { mb } = seeded();
    const v = new GraphSchemaValidator();
    const page = calendarViewPage(mb, window("2026-03-01T00:00:00Z", "2026-04-30T00:00:00Z"), {});
    const body = {
      "@odata.context": "https://localhost:8443/v1.0/$metadata#users('user-1')/calendarView",
      value: page.items.map((e) => renderEvent(e)),
      "@odata.nextLink": nextLinkWithSkip(
        "https://localhost:8443/v1.0/me/calendarView?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-04-30T00:00:00Z",
        page.nextSkip ?? 0,
      ),
    };
    expect(v.validateCollection("eventCollection", body)).toEqual({ valid: true, errors: [] });
    expect(
      v.validateCollection("eventCollection", { ...body, "@odata.nextLink": "/v1.0/me/calendarView?$skip=10" }).valid,
    ).toBe(false);
  });
});

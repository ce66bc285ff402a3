import { describe, expect, it } from "vitest";
import { deltaPage, renderDeltaPage, type DeltaPage } from "./delta";
import { decodeDeltaToken, encodeDeltaToken } from "./delta-token";
import { createEvent, deleteEvent, updateEvent } from "./event-store";
import type { Mailbox } from "./mailbox";
import { GraphSchemaValidator } from "./schema-validator";
import { NOW, newMailbox } from "./test-helpers";

const q = { startDateTime: "2026-03-01T00:00:00Z", endDateTime: "2026-04-01T00:00:00Z" };
const ev = (subject: string, day: number) => ({
  subject,
  start: { dateTime: `2026-03-${String(day).padStart(2, "0")}T10:00:00` },
  end: { dateTime: `2026-03-${String(day).padStart(2, "0")}T11:00:00` },
});
const summary = (p: DeltaPage) =>
  p.entries.map((e) => (e.kind === "removed" ? `-${e.id}` : `+${e.event.subject}`)).sort();

/** Follow skip tokens to the end of a round; returns every entry and the delta token. */
function round(mb: Mailbox, start: { deltaToken?: string }, maxPageSize?: number) {
  let page = deltaPage(mb, { query: q, deltaToken: start.deltaToken, maxPageSize, now: NOW });
  const pages = [page];
  while (page.skipToken) {
    page = deltaPage(mb, { query: {}, skipToken: page.skipToken, maxPageSize, now: NOW });
    pages.push(page);
  }
  return { pages, entries: pages.flatMap((p) => p.entries), deltaToken: page.deltaToken as string };
}

describe("calendarView delta (graph-behaviour.md §3)", () => {
  it("initial round needs the window and rejects unsupported options", () => {
    const { mb } = newMailbox();
    expect(() => deltaPage(mb, { query: {}, now: NOW })).toThrow(
      expect.objectContaining({ status: 400, code: "ErrorInvalidParameter" }),
    );
    for (const opt of ["$select", "$expand", "$filter", "$orderby", "$search"]) {
      expect(() => deltaPage(mb, { query: { ...q, [opt]: "x" }, now: NOW })).toThrow(
        expect.objectContaining({ status: 400, message: expect.stringContaining(opt) }),
      );
    }
  });

  it("pages the initial round with skip tokens, then ends with a delta token", () => {
    const { mb } = newMailbox();
    for (let d = 1; d <= 5; d++) createEvent(mb, ev(`E${d}`, d), { now: NOW });
    createEvent(
      mb,
      { ...ev("Outside", 1), start: { dateTime: "2026-05-01T10:00:00" }, end: { dateTime: "2026-05-01T11:00:00" } },
      { now: NOW },
    );
    const r = round(mb, {}, 2);
    expect(r.pages.map((p) => [p.entries.length, Boolean(p.skipToken), Boolean(p.deltaToken)])).toEqual([
      [2, true, false],
      [2, true, false],
      [1, false, true],
    ]);
    expect(r.entries.map((e) => (e.kind === "upsert" ? e.event.subject : "")).sort()).toEqual([
      "E1",
      "E2",
      "E3",
      "E4",
      "E5",
    ]);
    // Nothing changed: the next round is empty.
    expect(round(mb, { deltaToken: r.deltaToken }).entries).toEqual([]);
  });

  it("later rounds carry only changes, with @removed for deletions and for moves out of the window", () => {
    const { mb } = newMailbox();
    const a = createEvent(mb, ev("A", 2), { now: NOW }).event;
    const b = createEvent(mb, ev("B", 3), { now: NOW }).event;
    const c = createEvent(mb, ev("C", 4), { now: NOW }).event;
    const base = round(mb, {});
    updateEvent(mb, a.id, { subject: "A2" }, { now: NOW });
    deleteEvent(mb, b.id, { now: NOW });
    updateEvent(
      mb,
      c.id,
      { start: { dateTime: "2026-06-01T10:00:00" }, end: { dateTime: "2026-06-01T11:00:00" } },
      { now: NOW },
    );
    const out = createEvent(
      mb,
      { ...ev("Far", 1), start: { dateTime: "2027-01-01T10:00:00" }, end: { dateTime: "2027-01-01T11:00:00" } },
      { now: NOW },
    ).event;
    const next = round(mb, { deltaToken: base.deltaToken });
    expect(next.entries.map((e) => (e.kind === "removed" ? `-${e.id}` : `+${e.event.subject}`)).sort()).toEqual(
      [`+A2`, `-${b.id}`, `-${c.id}`, `-${out.id}`].sort(),
    );
  });

  it("a series change re-sends its occurrences; a cancelled occurrence comes back as @removed", () => {
    const { mb } = newMailbox();
    const master = createEvent(
      mb,
      {
        ...ev("Weekly", 2),
        recurrence: {
          pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
          range: { type: "numbered", startDate: "2026-03-02", numberOfOccurrences: 3 },
        },
      },
      { now: NOW },
    ).event;
    const base = round(mb, {});
    expect(base.entries).toHaveLength(3);
    const second = base.entries[1];
    if (second?.kind !== "upsert") throw new Error("expected an occurrence");
    deleteEvent(mb, second.event.id, { now: NOW });
    const next = round(mb, { deltaToken: base.deltaToken });
    expect(summary({ entries: next.entries })).toEqual([`+Weekly`, `+Weekly`, `-${second.event.id}`].sort());
    expect(next.entries.every((e) => e.kind === "removed" || e.event.seriesMasterId === master.id)).toBe(true);
  });

  it("replaying an old delta token is allowed; a forged or expired token is not", () => {
    const { store, mb } = newMailbox();
    createEvent(mb, ev("A", 2), { now: NOW });
    const base = round(mb, {});
    createEvent(mb, ev("B", 3), { now: NOW });
    expect(summary({ entries: round(mb, { deltaToken: base.deltaToken }).entries })).toEqual(["+B"]);
    expect(summary({ entries: round(mb, { deltaToken: base.deltaToken }).entries })).toEqual(["+B"]);
    const state = decodeDeltaToken(base.deltaToken, "graph-emulator-delta");
    const forged = encodeDeltaToken({ ...state, from: -1 }, "wrong-secret");
    expect(() => deltaPage(mb, { query: {}, deltaToken: forged, now: NOW })).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    store.expireDeltaTokens(mb.owner.id);
    expect(() => deltaPage(mb, { query: {}, deltaToken: base.deltaToken, now: NOW })).toThrow(
      expect.objectContaining({ status: 410, code: "SyncStateNotFound" }),
    );
  });

  it("tokens can be given a lifetime", () => {
    const { mb } = newMailbox();
    const base = round(mb, {});
    const cfg = {
      secret: "graph-emulator-delta",
      defaultPageSize: 10,
      rejectUnsupportedQueryOptions: true,
      reportOutOfWindowChanges: true,
      tokenTtlMs: 60_000,
    };
    expect(deltaPage(mb, { query: {}, deltaToken: base.deltaToken, now: NOW + 59_000 }, cfg).deltaToken).toBeDefined();
    expect(() => deltaPage(mb, { query: {}, deltaToken: base.deltaToken, now: NOW + 61_000 }, cfg)).toThrow(
      expect.objectContaining({ status: 410 }),
    );
  });

  it("renders links on the request base and validates against the delta response schema", () => {
    const { mb } = newMailbox();
    const a = createEvent(mb, ev("A", 2), { now: NOW }).event;
    const base = round(mb, {});
    deleteEvent(mb, a.id, { now: NOW });
    const page = deltaPage(mb, { query: {}, deltaToken: base.deltaToken, now: NOW });
    const body = renderDeltaPage(page, "https://localhost:8443/v1.0/me/calendarView/delta", {});
    expect(body["@odata.deltaLink"]).toMatch(
      /^https:\/\/localhost:8443\/v1\.0\/me\/calendarView\/delta\?\$deltatoken=[\w-]+\.[\w-]+$/,
    );
    expect(body.value).toEqual([
      { "@odata.type": "#microsoft.graph.event", id: a.id, "@removed": { reason: "deleted" } },
    ]);
    const v = new GraphSchemaValidator();
    expect(v.validateCollection("deltaCollection", body)).toEqual({ valid: true, errors: [] });
    const first = renderDeltaPage(
      deltaPage(mb, { query: q, now: NOW }),
      "https://localhost:8443/v1.0/me/calendarView/delta",
      {},
    );
    expect(v.validateCollection("deltaCollection", first).valid).toBe(true);
  });
});

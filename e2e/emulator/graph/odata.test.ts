import { describe, expect, it } from "vitest";
import { filterAndSort } from "./calendar-view";
import { createEvent } from "./event-store";
import { parseODataQuery } from "./odata";
import { evaluateFilter, parseFilter } from "./odata-filter";
import { NOW, newMailbox } from "./test-helpers";

const PROP = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name TrainingEventId";

function tagged() {
  const { mb } = newMailbox();
  const mk = (subject: string, value?: string) =>
    createEvent(
      mb,
      {
        subject,
        start: { dateTime: "2026-03-20T10:00:00" },
        end: { dateTime: "2026-03-20T11:00:00" },
        ...(value ? { singleValueExtendedProperties: [{ id: PROP, value }] } : {}),
      },
      { now: NOW },
    ).event;
  return [mk("Alpha", "evt_1"), mk("Beta", "evt_2"), mk("Gamma")];
}

describe("$filter", () => {
  it.each([
    [`singleValueExtendedProperties/Any(ep: ep/id eq '${PROP}' and ep/value eq 'evt_1')`, ["Alpha"]],
    [`singleValueExtendedProperties/any(ep: ep/id eq '${PROP}' and ep/value eq 'EVT_2')`, ["Beta"]], // value case-insensitive
    [
      `singleValueExtendedProperties/Any(ep: ep/id eq '${PROP.replace("TrainingEventId", "trainingeventid")}' and ep/value eq 'evt_1')`,
      [],
    ], // id exact
    [`singleValueExtendedProperties/Any(ep: ep/id eq '${PROP}')`, ["Alpha", "Beta"]],
    ["subject eq 'beta'", ["Beta"]],
    ["subject ne 'Beta' and subject ne 'Gamma'", ["Alpha"]],
    ["(subject eq 'Alpha' or subject eq 'Gamma')", ["Alpha", "Gamma"]],
    ["startswith(subject, 'ga')", ["Gamma"]],
    ["contains(subject, 'et')", ["Beta"]],
    ["subject eq 'it''s'", []],
  ])("%s", (filter, expected) => {
    const events = tagged();
    const kept = filterAndSort(events, parseODataQuery({ $filter: filter, $orderby: "subject" }));
    expect(kept.map((e) => e.subject)).toEqual(expected);
  });

  it.each([
    "subject eq",
    "subject gt 'a'",
    "foo(bar)",
    "subject eq 'a' and",
    "singleValueExtendedProperties/Any(ep ep/id eq 'x')",
  ])("rejects %s with 400 BadRequest", (filter) => {
    expect(() => parseFilter(filter)).toThrow(
      expect.objectContaining({ status: 400, code: "BadRequest", message: "Invalid filter clause" }),
    );
  });

  it("evaluates nested paths", () => {
    expect(evaluateFilter(parseFilter("start/timeZone eq 'utc'"), { start: { timeZone: "UTC" } })).toBe(true);
  });
});

describe("query options", () => {
  it("parses $select (canonical case), $top, $skip, $orderby, $expand of extended properties", () => {
    const q = parseODataQuery(
      new URLSearchParams({
        $select: "Subject,start,END",
        $top: "5",
        $skip: "10",
        $orderby: "start/dateTime desc",
        $expand: `singleValueExtendedProperties($filter=id eq '${PROP}' or id eq 'String 0x4001001E')`,
      }),
    );
    expect(q).toEqual({
      select: ["subject", "start", "end"],
      top: 5,
      skip: 10,
      orderBy: [{ field: "start/dateTime", desc: true }],
      expandExtendedPropertyIds: [PROP, "String 0x4001001E"],
    });
  });

  it.each([
    [{ $select: "subjectLine" }, /Could not find a property named 'subjectLine'/],
    [{ $top: "-1" }, /\$top/],
    [{ $orderby: "bodyPreview" }, /orderby/],
    [{ $orderby: "start/dateTime sideways" }, /orderby/],
    [{ $expand: "attachments" }, /expand/],
    [{ $expand: "singleValueExtendedProperties($filter=value eq 'x')" }, /id eq/],
  ])("rejects %j", (q, message) => {
    expect(() => parseODataQuery(q)).toThrow(
      expect.objectContaining({ status: 400, code: "BadRequest", message: expect.stringMatching(message) }),
    );
  });
});

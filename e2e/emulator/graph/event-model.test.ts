import { beforeAll, describe, expect, it } from "vitest";
import { GraphError } from "./errors";
import { renderEvent, removedItem } from "./event-render";
import { patchStoredEvent } from "./event-normalise";
import { GraphSchemaValidator } from "./schema-validator";
import { resolveZone } from "./time-zones";
import { NOW, eventFrom } from "./test-helpers";

const brunch = {
  subject: "Let's go brunch",
  body: { contentType: "text", content: "Does late morning work for you?" },
  start: { dateTime: "2017-04-15T11:00:00", timeZone: "Pacific Standard Time" },
  end: { dateTime: "2017-04-15T12:00:00", timeZone: "Pacific Standard Time" },
  location: { displayName: "Harry's Bar" },
  attendees: [
    { emailAddress: { address: "samanthab@contoso.onmicrosoft.com", name: "Samantha Booth" }, type: "Required" },
  ],
  transactionId: "7E163156-7762-4BEB-A1C6-729EA81755A7",
};

let validator: GraphSchemaValidator;
beforeAll(() => {
  validator = new GraphSchemaValidator();
});

describe("create defaults (graph-behaviour.md §4.1)", () => {
  const json = renderEvent(eventFrom(brunch));

  it.each([
    ["showAs", "busy"],
    ["sensitivity", "normal"],
    ["importance", "normal"],
    ["type", "singleInstance"],
    ["isOrganizer", true],
    ["isAllDay", false],
    ["isCancelled", false],
    ["reminderMinutesBeforeStart", 15],
    ["isReminderOn", true],
    ["responseRequested", true],
    ["seriesMasterId", null],
    ["recurrence", null],
    ["onlineMeetingUrl", null],
    ["originalStartTimeZone", "Pacific Standard Time"],
    ["originalEndTimeZone", "Pacific Standard Time"],
    ["bodyPreview", "Does late morning work for you?"],
    ["transactionId", brunch.transactionId],
    ["createdDateTime", "2026-03-20T12:00:00.0000000Z"],
  ])("%s = %j", (key, value) => {
    expect(json[key]).toEqual(value);
  });

  it("fills responseStatus, location(s), attendees, organizer, body and etag as Graph does", () => {
    expect(json.responseStatus).toEqual({ response: "organizer", time: "0001-01-01T00:00:00Z" });
    expect(json.location).toEqual({
      displayName: "Harry's Bar",
      locationType: "default",
      uniqueId: "Harry's Bar",
      uniqueIdType: "private",
    });
    expect(json.locations).toEqual([{ displayName: "Harry's Bar", locationType: "default", uniqueIdType: "unknown" }]);
    expect(json.attendees).toEqual([
      {
        type: "required",
        status: { response: "none", time: "0001-01-01T00:00:00Z" },
        emailAddress: { name: "Samantha Booth", address: "samanthab@contoso.onmicrosoft.com" },
      },
    ]);
    expect(json.organizer).toEqual({
      emailAddress: { name: "Amelia Hart", address: "amelia.hart@northwind-training.example" },
    });
    expect(json.body).toMatchObject({ contentType: "html" });
    expect(String((json.body as { content: string }).content)).toMatch(
      /^<html>\r\n<head>[\s\S]*<body>\r\nDoes late morning work for you\?\r\n<\/body>\r\n<\/html>\r\n$/,
    );
    expect(json["@odata.etag"]).toBe(`W/"${String(json.changeKey)}"`);
    expect(String(json.iCalUId)).toMatch(/^040000008200E00074C5B7101A82E008[0-9A-F]+$/);
    expect(json.webLink).toBe(
      `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(String(json.id))}&exvsurl=1&path=/calendar/item`,
    );
  });

  it("renders start/end in UTC by default and in the Prefer zone when asked", () => {
    expect(json.start).toEqual({ dateTime: "2017-04-15T18:00:00.0000000", timeZone: "UTC" });
    const pst = renderEvent(eventFrom(brunch), { timeZone: resolveZone("Pacific Standard Time") ?? undefined });
    expect(pst.start).toEqual({ dateTime: "2017-04-15T11:00:00.0000000", timeZone: "Pacific Standard Time" });
    expect(pst.end).toEqual({ dateTime: "2017-04-15T12:00:00.0000000", timeZone: "Pacific Standard Time" });
  });

  it("escapes text bodies and honours Prefer body-content-type text", () => {
    const ev = eventFrom({ ...brunch, body: { contentType: "text", content: "a < b\nsecond line" } });
    expect(ev.bodyHtml).toContain("a &lt; b<br>\r\nsecond line");
    expect(renderEvent(ev, { bodyContentType: "text" }).body).toEqual({
      contentType: "text",
      content: "a < b\nsecond line",
    });
  });

  it("joins multiple locations into location.displayName (doc example 2)", () => {
    const ev = eventFrom({
      ...brunch,
      location: undefined,
      locations: [
        { displayName: "Conf Room 3" },
        { displayName: "Fourth Coffee", address: { city: "Redmond" } },
        { displayName: "Home Office" },
      ],
    });
    expect(ev.location.displayName).toBe("Conf Room 3; Fourth Coffee; Home Office");
    expect(ev.locations.map((l) => l.uniqueIdType)).toEqual(["unknown", "private", "unknown"]);
  });

  it("defaults an absent location to Graph's empty shape", () => {
    const ev = eventFrom({ subject: "x", start: brunch.start, end: brunch.end });
    expect(ev.location).toEqual({
      displayName: "",
      locationType: "default",
      uniqueIdType: "unknown",
      address: {},
      coordinates: {},
    });
    expect(ev.locations).toEqual([]);
    expect(renderEvent(ev)).not.toHaveProperty("transactionId");
  });
});

describe("validation", () => {
  const allDay =
    (start: string, end: string, endZone = "Europe/London") =>
    () =>
      eventFrom({
        subject: "Off",
        isAllDay: true,
        start: { dateTime: start, timeZone: "Europe/London" },
        end: { dateTime: end, timeZone: endZone },
      });

  it.each([
    ["not midnight", allDay("2026-04-03T09:00:00", "2026-04-04T00:00:00")],
    ["end not midnight", allDay("2026-04-03T00:00:00", "2026-04-03T17:00:00")],
    ["different zones", allDay("2026-04-03T00:00:00", "2026-04-04T00:00:00", "Eastern Standard Time")],
    ["zero length", allDay("2026-04-03T00:00:00", "2026-04-03T00:00:00")],
  ])("isAllDay %s -> 400 ErrorPropertyValidationFailure", (_n, make) => {
    try {
      make();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GraphError);
      expect((e as GraphError).status).toBe(400);
      expect((e as GraphError).code).toBe("ErrorPropertyValidationFailure");
    }
  });

  it("accepts multi-day all-day events and keeps them midnight-to-midnight in any render zone", () => {
    const ev = allDay("2026-04-03T00:00:00", "2026-04-06T00:00:00")();
    const r = renderEvent(ev, { timeZone: resolveZone("Pacific Standard Time") ?? undefined });
    expect(r.start).toEqual({ dateTime: "2026-04-03T00:00:00.0000000", timeZone: "Pacific Standard Time" });
    expect(r.end).toEqual({ dateTime: "2026-04-06T00:00:00.0000000", timeZone: "Pacific Standard Time" });
  });

  it.each([
    ["missing start/end", { subject: "x" }, "ErrorPropertyValidationFailure"],
    [
      "end before start",
      { start: { dateTime: "2026-01-01T10:00:00" }, end: { dateTime: "2026-01-01T09:00:00" } },
      "ErrorCalendarEndDateIsEarlierThanStartDate",
    ],
    ["bad enum", { showAs: "sometimes", start: brunch.start, end: brunch.end }, "ErrorInvalidRequest"],
    [
      "bad zone",
      { start: { dateTime: "2026-01-01T10:00:00", timeZone: "Moon" }, end: brunch.end },
      "TimeZoneNotSupportedException",
    ],
  ])("%s -> %s", (_n, body, code) => {
    expect(() => eventFrom(body)).toThrow(expect.objectContaining({ code }));
  });

  it("PATCH: location replaces locations; transactionId and createdDateTime cannot change; enum case-insensitive", () => {
    const ev = eventFrom(brunch);
    const next = patchStoredEvent(
      ev,
      { location: { displayName: "Cafe" }, transactionId: "other", showAs: "Free" },
      { now: NOW + 1000 },
    );
    expect(next.locations.map((l) => l.displayName)).toEqual(["Cafe"]);
    expect(next.transactionId).toBe(brunch.transactionId);
    expect(next.showAs).toBe("free");
    expect(next.createdMs).toBe(ev.createdMs);
    expect(next.lastModifiedMs).toBe(NOW + 1000);
  });
});

describe("$select and extended properties", () => {
  const tagged = eventFrom({
    ...brunch,
    singleValueExtendedProperties: [
      { id: "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name TrainingEventId", value: "evt_1" },
    ],
  });

  it("keeps @odata.etag and id plus only the selected properties", () => {
    const r = renderEvent(tagged, { select: ["subject", "start"] });
    expect(Object.keys(r).sort()).toEqual(["@odata.etag", "id", "start", "subject"]);
  });

  it("expands extended properties only by exact id", () => {
    const id = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name TrainingEventId";
    expect(renderEvent(tagged)).not.toHaveProperty("singleValueExtendedProperties");
    expect(renderEvent(tagged, { expandExtendedPropertyIds: [id] }).singleValueExtendedProperties).toEqual([
      { id, value: "evt_1" },
    ]);
    expect(
      renderEvent(tagged, { expandExtendedPropertyIds: [id.replace("TrainingEventId", "trainingeventid")] }),
    ).not.toHaveProperty("singleValueExtendedProperties");
  });
});

describe("schema conformance (graph-openapi-calendar.yaml)", () => {
  const master = eventFrom({
    ...brunch,
    isOnlineMeeting: true,
    recurrence: {
      pattern: { type: "weekly", interval: 1, daysOfWeek: ["saturday"] },
      range: { type: "endDate", startDate: "2017-04-15", endDate: "2017-12-31" },
    },
  });
  it.each([
    ["single instance", renderEvent(eventFrom(brunch))],
    ["series master with online meeting", renderEvent(master)],
    ["selected", renderEvent(eventFrom(brunch), { select: ["subject", "start", "end"] })],
    [
      "text body in PST",
      renderEvent(eventFrom(brunch), {
        bodyContentType: "text",
        timeZone: resolveZone("Pacific Standard Time") ?? undefined,
      }),
    ],
    ["delta removal", removedItem("AAMkAG123")],
  ])("%s validates as microsoft.graph.event", (_n, body) => {
    expect(validator.validate("event", body)).toEqual({ valid: true, errors: [] });
  });

  it.each([
    ["enum out of range", { showAs: "sometimes" }, /showAs/],
    ["start as a string", { start: "2017-04-15T11:00:00" }, /start/],
    ["misspelt scalar property", { subjet: "typo" }, /must be object/],
    ["createdDateTime not a date-time", { createdDateTime: "yesterday" }, /createdDateTime/],
    ["etag out of step with changeKey", { "@odata.etag": 'W/"nope"' }, /changeKey/],
  ])("%s fails", (_n, patch, message) => {
    const result = validator.validate("event", { ...renderEvent(eventFrom(brunch)), ...patch });
    expect(result.valid).toBe(false);
    expect(result.errors.join("\n")).toMatch(message);
  });
});

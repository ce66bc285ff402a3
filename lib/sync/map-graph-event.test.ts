import type { Event } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { SYNC_KEY_PROPERTY_ID, SYNC_KEY_PROPERTY_SET, isSyncKeyProperty } from "./extended-property";
import { ianaZoneFor } from "./graph-time-zone";
import { mapGraphEvent, UnmappableEventError, type MapOptions } from "./map-graph-event";

const london: MapOptions = { homeZone: "Europe/London", privacyMode: "default" };
const timed = (start: string, end: string, zone: string, extra: Event = {}): Event => ({
  id: "AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A",
  type: "singleInstance",
  start: { dateTime: start, timeZone: zone },
  end: { dateTime: end, timeZone: zone },
  ...extra,
});

describe("mapGraphEvent: instants", () => {
  it.each([
    {
      name: "UTC as reads ask for it",
      start: "2026-06-01T09:00:00.0000000",
      end: "2026-06-01T10:30:00.0000000",
      zone: "UTC",
      utc: ["2026-06-01T09:00:00.000Z", "2026-06-01T10:30:00.000Z"],
    },
    {
      name: "7 fractional digits cut to ms",
      start: "2026-06-01T09:00:00.1234567",
      end: "2026-06-01T10:00:00.9999999",
      zone: "UTC",
      utc: ["2026-06-01T09:00:00.123Z", "2026-06-01T10:00:00.999Z"],
    },
    // Europe/London springs forward at 01:00Z on Sunday 29 March 2026.
    {
      name: "London spring-forward day, Windows name",
      start: "2026-03-29T00:30:00.0000000",
      end: "2026-03-29T02:30:00.0000000",
      zone: "GMT Standard Time",
      utc: ["2026-03-29T00:30:00.000Z", "2026-03-29T01:30:00.000Z"],
    },
    // … and falls back at 01:00Z on Sunday 25 October 2026.
    {
      name: "London fall-back day, Windows name",
      start: "2026-10-25T00:30:00.0000000",
      end: "2026-10-25T03:00:00.0000000",
      zone: "GMT Standard Time",
      utc: ["2026-10-24T23:30:00.000Z", "2026-10-25T03:00:00.000Z"],
    },
    {
      name: "London by IANA name",
      start: "2026-07-01T09:00:00.0000000",
      end: "2026-07-01T10:00:00.0000000",
      zone: "Europe/London",
      utc: ["2026-07-01T08:00:00.000Z", "2026-07-01T09:00:00.000Z"],
    },
    // America/New_York springs forward on 8 March 2026 and falls back on 1 November 2026.
    {
      name: "New York spring-forward day",
      start: "2026-03-08T01:30:00.0000000",
      end: "2026-03-08T03:30:00.0000000",
      zone: "Eastern Standard Time",
      utc: ["2026-03-08T06:30:00.000Z", "2026-03-08T07:30:00.000Z"],
    },
    {
      name: "New York fall-back day",
      start: "2026-10-31T12:00:00.0000000",
      end: "2026-11-01T12:00:00.0000000",
      zone: "Eastern Standard Time",
      utc: ["2026-10-31T16:00:00.000Z", "2026-11-01T17:00:00.000Z"],
    },
    {
      name: "Sydney by Windows name",
      start: "2026-06-01T09:00:00.0000000",
      end: "2026-06-01T10:00:00.0000000",
      zone: "AUS Eastern Standard Time",
      utc: ["2026-05-31T23:00:00.000Z", "2026-06-01T00:00:00.000Z"],
    },
    {
      name: "a legacy custom zone falls back to UTC",
      start: "2026-06-01T09:00:00.0000000",
      end: "2026-06-01T10:00:00.0000000",
      zone: "tzone://Microsoft/Custom",
      utc: ["2026-06-01T09:00:00.000Z", "2026-06-01T10:00:00.000Z"],
    },
  ])("$name", ({ start, end, zone, utc }) => {
    const row = mapGraphEvent(timed(start, end, zone), london)!;
    expect([row.startsAt.toISOString(), row.endsAt.toISOString()]).toEqual(utc);
    expect([row.allDayStartDate, row.allDayEndDate]).toEqual([null, null]);
  });

  it("resolves Windows zone names through windows-iana and knows what it cannot", () => {
    expect(ianaZoneFor("W. Europe Standard Time")).toBe("Europe/Berlin");
    expect(ianaZoneFor("Pacific Standard Time")).toBe("America/Los_Angeles");
    expect(ianaZoneFor("UTC")).toBe("UTC");
    expect(ianaZoneFor("Asia/Tokyo")).toBe("Asia/Tokyo");
    expect(ianaZoneFor("tzone://Microsoft/Custom")).toBeNull();
    expect(ianaZoneFor("Nowhere Standard Time")).toBeNull();
  });
});

describe("mapGraphEvent: all-day events are days in the instructor's home zone", () => {
  // Graph returns all-day events midnight to midnight whatever zone is asked for (§1).
  const allDay = (start: string, end: string): Event => ({
    ...timed(`${start}T00:00:00.0000000`, `${end}T00:00:00.0000000`, "UTC"),
    isAllDay: true,
  });

  it.each([
    // The London spring-forward day is 23 hours long.
    {
      zone: "Europe/London",
      start: "2026-03-29",
      end: "2026-03-30",
      utc: ["2026-03-29T00:00:00.000Z", "2026-03-29T23:00:00.000Z"],
    },
    {
      zone: "Europe/London",
      start: "2026-10-25",
      end: "2026-10-26",
      utc: ["2026-10-24T23:00:00.000Z", "2026-10-26T00:00:00.000Z"],
    },
    {
      zone: "America/New_York",
      start: "2026-03-29",
      end: "2026-03-30",
      utc: ["2026-03-29T04:00:00.000Z", "2026-03-30T04:00:00.000Z"],
    },
    // Three days across New York's spring-forward night.
    {
      zone: "America/New_York",
      start: "2026-03-07",
      end: "2026-03-10",
      utc: ["2026-03-07T05:00:00.000Z", "2026-03-10T04:00:00.000Z"],
    },
    {
      zone: "Australia/Sydney",
      start: "2026-01-01",
      end: "2026-01-02",
      utc: ["2025-12-31T13:00:00.000Z", "2026-01-01T13:00:00.000Z"],
    },
  ])("$start..$end in $zone", ({ zone, start, end, utc }) => {
    const row = mapGraphEvent(allDay(start, end), { homeZone: zone, privacyMode: "default" })!;
    expect([row.allDayStartDate, row.allDayEndDate]).toEqual([start, end]);
    expect([row.startsAt.toISOString(), row.endsAt.toISOString()]).toEqual(utc);
  });
});

describe("mapGraphEvent: what is kept", () => {
  it("keeps the series link of occurrences and exceptions only, and skips series masters", () => {
    const base = timed("2026-06-01T09:00:00", "2026-06-01T10:00:00", "UTC", { seriesMasterId: "master-1" });
    expect(mapGraphEvent({ ...base, type: "occurrence" }, london)).toMatchObject({
      type: "occurrence",
      seriesMasterId: "master-1",
    });
    expect(mapGraphEvent({ ...base, type: "exception" }, london)).toMatchObject({
      type: "exception",
      seriesMasterId: "master-1",
    });
    expect(mapGraphEvent({ ...base, type: "singleInstance" }, london)).toMatchObject({
      type: "singleInstance",
      seriesMasterId: null,
    });
    expect(mapGraphEvent({ ...base, type: "seriesMaster" }, london)).toBeNull();
  });

  it.each([
    { showAs: "tentative", response: "tentativelyAccepted", isCancelled: false, isOrganizer: false },
    { showAs: "free", response: "declined", isCancelled: false, isOrganizer: false },
    { showAs: "busy", response: "accepted", isCancelled: true, isOrganizer: false },
    { showAs: "oof", response: "organizer", isCancelled: false, isOrganizer: true },
    { showAs: "workingElsewhere", response: "notResponded", isCancelled: false, isOrganizer: false },
  ] as const)("keeps showAs $showAs, RSVP $response, cancelled $isCancelled, organiser $isOrganizer", (fields) => {
    const row = mapGraphEvent(
      timed("2026-06-01T09:00:00", "2026-06-01T10:00:00", "UTC", {
        showAs: fields.showAs,
        responseStatus: { response: fields.response, time: "0001-01-01T00:00:00Z" },
        isCancelled: fields.isCancelled,
        isOrganizer: fields.isOrganizer,
      }),
      london,
    )!;
    expect(row).toMatchObject({
      showAs: fields.showAs,
      response: fields.response,
      isCancelled: fields.isCancelled,
      isOrganizer: fields.isOrganizer,
    });
  });

  it("reads the organiser from the RSVP when isOrganizer was not selected, and the change key from the etag", () => {
    const event = {
      ...timed("2026-06-01T09:00:00", "2026-06-01T10:00:00", "UTC", { responseStatus: { response: "organizer" } }),
      "@odata.etag": 'W/"abc=="',
    } as Event;
    expect(mapGraphEvent(event, london)).toMatchObject({ isOrganizer: true, changeKey: "abc==", showAs: "busy" });
  });

  it("marks our own entries by extended property (GUID in any case, name exact) or by a known id", () => {
    const base = timed("2026-06-01T09:00:00", "2026-06-01T10:00:00", "UTC");
    const withProperty = (id: string) => ({
      ...base,
      singleValueExtendedProperties: [{ id, value: "assignment:session:1" }],
    });
    expect(mapGraphEvent(withProperty(SYNC_KEY_PROPERTY_ID), london)!.isOurs).toBe(true);
    expect(
      mapGraphEvent(withProperty(`String {${SYNC_KEY_PROPERTY_SET.toLowerCase()}} Name CalendarSyncKey`), london)!
        .isOurs,
    ).toBe(true);
    expect(mapGraphEvent(withProperty(`String {${SYNC_KEY_PROPERTY_SET}} Name calendarsynckey`), london)!.isOurs).toBe(
      false,
    );
    expect(mapGraphEvent(base, london)!.isOurs).toBe(false);
    expect(mapGraphEvent(base, { ...london, ourEventIds: new Set([base.id!]) })!.isOurs).toBe(true);
    expect(isSyncKeyProperty("String {00000000-0000-0000-0000-000000000000} Name CalendarSyncKey")).toBe(false);
  });

  it("refuses an event without id or times rather than guess", () => {
    expect(() =>
      mapGraphEvent({ ...timed("2026-06-01T09:00:00", "2026-06-01T10:00:00", "UTC"), start: undefined }, london),
    ).toThrow(UnmappableEventError);
    expect(() =>
      mapGraphEvent({ ...timed("2026-06-01T09:00:00", "2026-06-01T10:00:00", "UTC"), id: undefined }, london),
    ).toThrow(UnmappableEventError);
    expect(() => mapGraphEvent(timed("tomorrow", "2026-06-01T10:00:00", "UTC"), london)).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { parsePrefer } from "./prefer";
import {
  formatUtcTimestamp,
  ianaToWindows,
  parseDateTimeTimeZone,
  parseWindowBound,
  renderDateTimeTimeZone,
  resolveZone,
  windowsToIanaZone,
} from "./time-zones";
import { windowsToIana } from "./windows-zones";

describe("zone tables", () => {
  it.each([
    ["Europe/London", "GMT Standard Time"],
    ["Europe/Berlin", "W. Europe Standard Time"],
    ["Europe/Paris", "Romance Standard Time"],
    ["Europe/Warsaw", "Central European Standard Time"],
    ["Europe/Kiev", "FLE Standard Time"], // CLDR's golden zone for FLE, not Helsinki
    ["America/New_York", "Eastern Standard Time"],
    ["America/Chicago", "Central Standard Time"],
    ["America/Los_Angeles", "Pacific Standard Time"],
    ["Asia/Singapore", "Singapore Standard Time"],
    ["Asia/Kolkata", "India Standard Time"],
    ["Australia/Sydney", "AUS Eastern Standard Time"],
    ["Australia/Perth", "W. Australia Standard Time"],
    ["Etc/UTC", "UTC"],
  ])("%s <-> %s", (iana, windows) => {
    expect(ianaToWindows(iana)).toBe(windows);
    expect(windowsToIanaZone(windows)).toBe(iana);
  });

  it("maps non-golden zones one way", () => {
    expect(ianaToWindows("Europe/Helsinki")).toBe("FLE Standard Time");
    expect(ianaToWindows("Europe/Dublin")).toBe("GMT Standard Time");
    expect(ianaToWindows("Mars/Base")).toBeUndefined();
  });

  it.each(["Europe/", "Australia/"])("covers every %s zone ICU knows", (prefix) => {
    const missing = Intl.supportedValuesOf("timeZone").filter((z) => z.startsWith(prefix) && !ianaToWindows(z));
    expect(missing).toEqual([]);
  });

  it("holds at least 140 IANA zones, every one known to ICU", () => {
    const all = Object.values(windowsToIana).flat();
    expect(all.length).toBeGreaterThanOrEqual(140);
    const unknown = all.filter((z) => resolveZone(z) === null);
    expect(unknown).toEqual([]);
  });

  it("resolves Windows names case-insensitively, keeps the client's IANA spelling, rejects junk", () => {
    expect(resolveZone("pacific standard time")).toEqual({
      iana: "America/Los_Angeles",
      label: "Pacific Standard Time",
    });
    expect(resolveZone("Asia/Singapore")).toEqual({ iana: "Asia/Singapore", label: "Asia/Singapore" });
    expect(resolveZone("Mars/Olympus")).toBeNull();
  });
});

describe("dateTimeTimeZone", () => {
  it.each([
    // [dateTime, zone, expected UTC instant]
    ["2026-03-29T00:30:00", "Europe/London", "2026-03-29T00:30:00.000Z"], // before spring-forward (GMT)
    ["2026-03-29T02:30:00", "GMT Standard Time", "2026-03-29T01:30:00.000Z"], // after (BST)
    ["2026-10-25T12:00:00", "Europe/London", "2026-10-25T12:00:00.000Z"], // after fall-back
    ["2026-03-08T03:30:00", "Eastern Standard Time", "2026-03-08T07:30:00.000Z"], // NY spring-forward day (EDT)
    // Ambiguous fall-back hour resolves to standard time (EST), as .NET's TimeZoneInfo (Exchange) does [UNV].
    ["2026-11-01T01:30:00.0000000", "America/New_York", "2026-11-01T06:30:00.000Z"],
    ["2026-06-01T09:00:00", undefined, "2026-06-01T09:00:00.000Z"], // no zone = UTC
  ])("%s in %s", (dateTime, timeZone, iso) => {
    expect(new Date(parseDateTimeTimeZone({ dateTime, timeZone })).toISOString()).toBe(iso);
  });

  it("rejects unknown zones with TimeZoneNotSupportedException and bad strings with 400", () => {
    expect(() => parseDateTimeTimeZone({ dateTime: "2026-01-01T00:00:00", timeZone: "Nowhere" })).toThrow(
      /not supported/,
    );
    expect(() => parseDateTimeTimeZone({ dateTime: "tomorrow", timeZone: "UTC" })).toThrow(/Edm.DateTime/);
  });

  it("renders 7 fractional digits without offset, in UTC by default or the Prefer zone", () => {
    const ms = Date.parse("2026-07-01T08:15:30.123Z");
    expect(renderDateTimeTimeZone(ms)).toEqual({ dateTime: "2026-07-01T08:15:30.1230000", timeZone: "UTC" });
    expect(renderDateTimeTimeZone(ms, resolveZone("Pacific Standard Time") ?? undefined)).toEqual({
      dateTime: "2026-07-01T01:15:30.1230000",
      timeZone: "Pacific Standard Time",
    });
    expect(renderDateTimeTimeZone(ms, resolveZone("Europe/Berlin") ?? undefined).dateTime).toBe(
      "2026-07-01T10:15:30.1230000",
    );
    expect(formatUtcTimestamp(ms)).toBe("2026-07-01T08:15:30.1230000Z");
  });

  it("window bounds use their own offset, none = UTC", () => {
    expect(parseWindowBound("2019-11-08T19:00:00-08:00")).toBe(Date.parse("2019-11-09T03:00:00Z"));
    expect(parseWindowBound("2019-11-08T19:00:00")).toBe(Date.parse("2019-11-08T19:00:00Z"));
    expect(parseWindowBound("garbage")).toBeNull();
  });
});

describe("Prefer", () => {
  it("reads repeated headers and comma lists alike", () => {
    const repeated = parsePrefer([
      'outlook.timezone="Pacific Standard Time"',
      "odata.maxpagesize=25",
      'IdType="ImmutableId"',
    ]);
    const listed = parsePrefer('outlook.timezone="Pacific Standard Time", odata.maxpagesize=25, IdType="ImmutableId"');
    for (const p of [repeated, listed]) {
      expect(p.timeZone?.iana).toBe("America/Los_Angeles");
      expect(p.maxPageSize).toBe(25);
      expect(p.immutableId).toBe(true);
    }
    expect(listed.applied).toEqual([
      'outlook.timezone="Pacific Standard Time"',
      "odata.maxpagesize=25",
      'IdType="ImmutableId"',
    ]);
  });

  it("accepts IANA zones and body-content-type; ignores junk", () => {
    const p = parsePrefer(
      'outlook.timezone="Europe/London",outlook.body-content-type="text", odata.maxpagesize=zero, respond-async',
    );
    expect(p.timeZone).toEqual({ iana: "Europe/London", label: "Europe/London" });
    expect(p.bodyContentType).toBe("text");
    expect(p.maxPageSize).toBeUndefined();
    expect(parsePrefer(undefined)).toEqual({ immutableId: false, applied: [] });
    expect(parsePrefer('outlook.timezone="Mars"').timeZone).toBeUndefined();
  });
});

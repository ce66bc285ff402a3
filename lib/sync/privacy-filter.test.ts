import type { Event, Sensitivity } from "@microsoft/microsoft-graph-types";
import { describe, expect, it } from "vitest";
import { mapGraphEvent } from "./map-graph-event";
import { FULL_PRIVATE_SELECT, shownTitle, type PrivacyMode } from "./privacy-filter";

const event = (sensitivity: Sensitivity, subject = "Dentist"): Event => ({
  id: "AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0B",
  type: "singleInstance",
  subject,
  sensitivity,
  body: { contentType: "html", content: "<p>Root canal</p>" },
  location: { displayName: "Harley Street" },
  start: { dateTime: "2026-06-01T09:00:00.0000000", timeZone: "UTC" },
  end: { dateTime: "2026-06-01T10:00:00.0000000", timeZone: "UTC" },
});

describe("privacy at ingestion", () => {
  it.each([
    { mode: "default", sensitivity: "normal", title: "Dentist", isPrivate: false, shown: "Dentist" },
    { mode: "default", sensitivity: "personal", title: "Dentist", isPrivate: false, shown: "Dentist" },
    { mode: "default", sensitivity: "private", title: null, isPrivate: true, shown: "Private" },
    { mode: "default", sensitivity: "confidential", title: null, isPrivate: true, shown: "Private" },
    { mode: "full_private", sensitivity: "normal", title: null, isPrivate: false, shown: "Busy" },
    { mode: "full_private", sensitivity: "private", title: null, isPrivate: true, shown: "Busy" },
  ] as const)(
    "$mode mode, $sensitivity event → title $title, shown $shown",
    ({ mode, sensitivity, title, isPrivate, shown }) => {
      const row = mapGraphEvent(event(sensitivity), { homeZone: "UTC", privacyMode: mode as PrivacyMode })!;
      expect({ title: row.title, isPrivate: row.isPrivate }).toEqual({ title, isPrivate });
      expect(shownTitle(row, mode)).toBe(shown);
      // Body and location are never part of a mirror row, in any mode.
      expect(JSON.stringify(row)).not.toMatch(/Root canal|Harley Street/);
    },
  );

  it("shows an untitled Default-mode event as Busy", () => {
    const row = mapGraphEvent(event("normal", "   "), { homeZone: "UTC", privacyMode: "default" })!;
    expect(row.title).toBeNull();
    expect(shownTitle(row, "default")).toBe("Busy");
  });

  it("asks Full Private Mode reads for times, flags and the version only", () => {
    expect(FULL_PRIVATE_SELECT.join(",")).toBe(
      "start,end,isAllDay,showAs,responseStatus,isCancelled,type,seriesMasterId,sensitivity,changeKey",
    );
  });
});

import { expect, it } from "vitest";
import { eventFormToInput } from "./form-data";

it("reads sessions and resources in index order and drops empty resources", () => {
  const form = new FormData();
  const fields: [string, string][] = [
    ["title", " First Aid "],
    ["lifecycle", "active"],
    ["locationId", ""],
    ["timeZone", "America/New_York"],
    ["meetingProvider", "zoom"],
    ["meetingUrl", "https://zoom.us/j/1"],
    ["sessions.3.date", "2026-12-02"],
    ["sessions.3.start", "09:00"],
    ["sessions.3.end", "17:00"],
    ["sessions.3.name", ""],
    ["sessions.1.date", "2026-12-01"],
    ["sessions.1.start", "09:00"],
    ["sessions.1.end", "12:30"],
    ["sessions.1.name", "Intro"],
    ["resources.0.name", "Projector"],
    ["resources.0.quantity", "2"],
    ["resources.1.name", ""],
    ["resources.1.quantity", "1"],
  ];
  for (const [k, v] of fields) form.append(k, v);
  expect(eventFormToInput(form)).toEqual({
    title: "First Aid",
    courseCode: "",
    lifecycle: "active",
    locationId: null,
    venueId: null,
    timeZone: "America/New_York",
    virtualMeeting: { provider: "zoom", joinUrl: "https://zoom.us/j/1" },
    description: "",
    sessions: [
      { name: "Intro", start: "2026-12-01T09:00", end: "2026-12-01T12:30" },
      { name: null, start: "2026-12-02T09:00", end: "2026-12-02T17:00" },
    ],
    resources: [{ name: "Projector", quantity: 2 }],
  });
});

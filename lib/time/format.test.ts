import { expect, it } from "vitest";
import { formatDateTime, formatSessionRange } from "./format";
import { toZoned } from "./zoned";

it.each([
  ["2026-12-01T14:00:00Z", "2026-12-01T22:00:00Z", "America/New_York", "Tue 1 Dec 2026, 09:00–17:00 EST"],
  ["2026-07-01T13:00:00Z", "2026-07-01T21:00:00Z", "America/New_York", "Wed 1 Jul 2026, 09:00–17:00 EDT"],
  ["2026-12-01T01:00:00Z", "2026-12-01T09:00:00Z", "Asia/Singapore", "Tue 1 Dec 2026, 09:00–17:00 GMT+8"],
  ["2026-10-24T21:00:00Z", "2026-10-25T02:00:00Z", "Europe/London", "Sat 24 Oct 2026, 22:00 – Sun 25 Oct, 02:00 GMT+1"],
])("%s–%s in %s reads %s", (start, end, zone, expected) => {
  expect(formatSessionRange(new Date(start), new Date(end), zone)).toBe(expected);
});

it("names the zone exactly as luxon's ZZZZ does, in every zone of the picker, in winter and summer", () => {
  const zones = Intl.supportedValuesOf("timeZone");
  for (const zone of zones)
    for (const instant of [new Date("2026-01-15T12:00:00Z"), new Date("2026-07-15T12:00:00Z")])
      expect(formatDateTime(instant, zone)).toBe(toZoned(instant, zone).toFormat("ccc d LLL yyyy, HH:mm ZZZZ"));
});

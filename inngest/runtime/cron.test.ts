import { expect, it } from "vitest";
import { nextCronTime, parseCron } from "./cron";

it.each([
  ["TZ=UTC 15 * * * *", "2026-11-24T10:14:59Z", "2026-11-24T10:15:00.000Z"],
  ["TZ=UTC 15 * * * *", "2026-11-24T10:15:00Z", "2026-11-24T11:15:00.000Z"],
  ["*/5 * * * *", "2026-11-24T10:07:30Z", "2026-11-24T10:10:00.000Z"],
  ["* * * * *", "2026-11-24T10:07:30Z", "2026-11-24T10:08:00.000Z"],
  ["0 3 * * *", "2026-12-31T04:00:00Z", "2027-01-01T03:00:00.000Z"],
  ["0 9 * * 1-5", "2026-11-27T09:00:00Z", "2026-11-30T09:00:00.000Z"], // Friday → Monday
  ["30 2 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T02:30:00.000Z"],
  ["0 0 1 * 0", "2026-11-24T00:00:00Z", "2026-11-29T00:00:00.000Z"], // day 1 or any Sunday
  ["0,30 8-9 * * 7", "2026-11-29T08:45:00Z", "2026-11-29T09:00:00.000Z"], // 7 is Sunday
  // A zone other than UTC, across the end of British Summer Time (25 October 2026): 08:00 London is 07:00Z, then 08:00Z.
  ["TZ=Europe/London 0 8 * * *", "2026-10-24T08:00:00Z", "2026-10-25T08:00:00.000Z"],
  ["TZ=Europe/London 0 8 * * *", "2026-10-23T06:00:00Z", "2026-10-23T07:00:00.000Z"],
])("%s after %s → %s", (expression, after, expected) => {
  expect(nextCronTime(parseCron(expression), new Date(after)).toISOString()).toBe(expected);
});

it.each(["* * * *", "61 * * * *", "0 0 31 2 *", "L * * * * *", "TZ=Nowhere/City 0 * * * *"])(
  "refuses %s",
  (expression) => {
    expect(() => nextCronTime(parseCron(expression), new Date("2026-11-24T00:00:00Z"))).toThrow();
  },
);

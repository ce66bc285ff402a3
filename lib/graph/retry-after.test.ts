import { describe, expect, it } from "vitest";
import { parseRetryAfterMs } from "./retry-after";

describe("parseRetryAfterMs", () => {
  const now = Date.parse("2026-03-29T01:00:00Z");
  it.each([
    ["1", 1000],
    ["0", 0],
    [" 120 ", 120_000],
    ["1.5", 1500],
    ["Sun, 29 Mar 2026 01:00:30 GMT", 30_000],
    ["Sun, 29 Mar 2026 00:59:00 GMT", 0], // a date in the past means "now"
  ])("reads %j as %i ms", (header, ms) => {
    expect(parseRetryAfterMs(header, now)).toBe(ms);
  });

  it.each([null, undefined, "", "soon", "-5"])("ignores %j", (header) => {
    expect(parseRetryAfterMs(header, now)).toBeUndefined();
  });
});

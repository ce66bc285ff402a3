import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash } from "./content-hash";

describe("contentHash", () => {
  it("ignores key order at every depth and undefined members, but not array order or values", () => {
    const a = {
      subject: "A",
      start: { dateTime: "2026-12-01T09:00:00", timeZone: "UTC" },
      categories: ["x", "y"],
      gone: undefined,
    };
    const b = { categories: ["x", "y"], start: { timeZone: "UTC", dateTime: "2026-12-01T09:00:00" }, subject: "A" };
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash({ ...b, categories: ["y", "x"] })).not.toBe(contentHash(b));
    expect(contentHash({ ...b, subject: "B" })).not.toBe(contentHash(b));
    expect(contentHash({ n: 1 })).not.toBe(contentHash({ n: "1" }));
    expect(contentHash({ v: null })).not.toBe(contentHash({}));
  });

  it("writes canonical JSON: sorted keys, dates as ISO strings", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: new Date("2026-01-01T00:00:00Z") }] })).toBe(
      '{"a":[{"c":"2026-01-01T00:00:00.000Z","d":2}],"b":1}',
    );
  });
});

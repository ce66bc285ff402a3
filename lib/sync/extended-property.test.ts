import { describe, expect, it } from "vitest";
import { parseSyncKey, SYNC_KEY_PROPERTY_ID, syncKeyOf } from "./extended-property";

describe("sync key", () => {
  it("is a single-value String property in our own GUID namespace", () => {
    expect(SYNC_KEY_PROPERTY_ID).toMatch(
      /^String \{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\} Name CalendarSyncKey$/,
    );
  });

  it("round-trips (assignment, session), case-insensitively as Graph compares values", () => {
    const key = syncKeyOf("AAAA-1", "bbbb-2");
    expect(key).toBe("aaaa-1/bbbb-2");
    expect(parseSyncKey(key)).toEqual({ assignmentId: "aaaa-1", sessionId: "bbbb-2" });
    expect(parseSyncKey("AAAA-1/BBBB-2")).toEqual({ assignmentId: "aaaa-1", sessionId: "bbbb-2" });
  });

  it.each([null, undefined, "", "a", "a/b/c", "a/", "/b", "a b/c", "a'/b"])("does not read %j as ours", (value) => {
    expect(parseSyncKey(value)).toBeNull();
  });

  it("refuses parts that could not be parsed back", () => {
    expect(() => syncKeyOf("a/b", "c")).toThrow(RangeError);
    expect(() => syncKeyOf("a", "c'")).toThrow(RangeError);
  });
});

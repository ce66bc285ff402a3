import { describe, expect, it } from "vitest";
import { instantToLocal, instantToOffsetIso, localToInstant, parseDateTimeInZone } from "./zoned";

describe("localToInstant", () => {
  it.each([
    // zone, local, expected UTC instant
    ["America/New_York", "2026-12-01T09:00", "2026-12-01T14:00:00.000Z"],
    ["America/New_York", "2026-07-01T09:00", "2026-07-01T13:00:00.000Z"],
    ["Europe/London", "2026-03-29T00:30", "2026-03-29T00:30:00.000Z"],
    ["Europe/London", "2026-03-29T03:00", "2026-03-29T02:00:00.000Z"],
    // Fall back: 01:30 happens twice in London on 2026-10-25; the first (BST) is chosen.
    ["Europe/London", "2026-10-25T01:30", "2026-10-25T00:30:00.000Z"],
    ["America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00.000Z"],
    ["Asia/Singapore", "2026-12-01T09:00", "2026-12-01T01:00:00.000Z"],
  ])("%s %s is %s", (zone, local, expected) => {
    const result = localToInstant(local, zone);
    expect(result).toEqual({ ok: true, instant: new Date(expected) });
  });

  it.each([
    ["Europe/London", "2026-03-29T01:30"],
    ["America/New_York", "2026-03-08T02:30"],
  ])("reports %s %s as skipped by the DST change", (zone, local) => {
    expect(localToInstant(local, zone)).toEqual({ ok: false, reason: "nonexistent" });
  });

  it.each([
    ["Mars/Olympus", "2026-01-01T09:00"],
    ["Europe/London", "2026-13-01T09:00"],
    ["Europe/London", "yesterday"],
  ])("rejects %s %s", (zone, local) => {
    expect(localToInstant(local, zone)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("parseDateTimeInZone", () => {
  it("takes an offset at its word whatever the zone", () => {
    expect(parseDateTimeInZone("2026-12-01T09:00:00-05:00", "Asia/Singapore")).toEqual({
      ok: true,
      instant: new Date("2026-12-01T14:00:00Z"),
    });
  });
  it("reads a bare wall-clock time in the zone", () => {
    expect(parseDateTimeInZone("2026-12-01T09:00", "America/New_York")).toEqual({
      ok: true,
      instant: new Date("2026-12-01T14:00:00Z"),
    });
  });
});

describe("rendering", () => {
  it("round-trips through the zone's wall clock", () => {
    const instant = new Date("2026-10-25T00:30:00Z");
    expect(instantToLocal(instant, "Europe/London")).toBe("2026-10-25T01:30");
    expect(instantToOffsetIso(instant, "Europe/London")).toBe("2026-10-25T01:30:00.000+01:00");
    expect(instantToOffsetIso(new Date("2026-10-25T01:30:00Z"), "Europe/London")).toBe("2026-10-25T01:30:00.000+00:00");
  });
});

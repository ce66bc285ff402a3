import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OutlookVersion } from "./outlook-version";
import { detectPushDrift, seenVersions, type PushedEntry, type RoundSeen } from "./push-drift";

const WRITTEN_AT = new Date("2026-11-28T10:00:00.123Z");
/** Our entry as our last write left it: Outlook's changeKey "ours" at WRITTEN_AT. */
const entry: PushedEntry = {
  assignmentId: "a1",
  sessionId: "s1",
  outlookEventId: "o1",
  changeKey: "ours",
  modifiedAt: WRITTEN_AT,
};
/** Recorded before the round was read, as now: no push wrote the entry meanwhile. */
const before = new Map([["o1", "ours"]]);
const at = (ms: number) => new Date(WRITTEN_AT.getTime() + ms);
const seen = (version: Partial<OutlookVersion>): RoundSeen => ({
  versions: new Map([["o1", { changeKey: "ours", modifiedAt: WRITTEN_AT, ...version }]]),
  removed: new Set(),
});
const removed: RoundSeen = { versions: new Map(), removed: new Set(["o1"]) };

describe("detectPushDrift", () => {
  it("our entry as our write left it is no drift", () => {
    expect(detectPushDrift([entry], seen({}), before)).toEqual([]);
  });

  it("another changeKey, later than our write, is an edit: whichever field changed, the key says so", () => {
    expect(detectPushDrift([entry], seen({ changeKey: "theirs", modifiedAt: at(60_000) }), before)).toEqual([
      { entry, kind: "edited" },
    ]);
  });

  it("another changeKey at the same instant is still an edit (a tie is not an older version)", () => {
    expect(detectPushDrift([entry], seen({ changeKey: "theirs", modifiedAt: WRITTEN_AT }), before)).toEqual([
      { entry, kind: "edited" },
    ]);
  });

  it("another changeKey without a time (Full Private Mode's read) is an edit", () => {
    expect(detectPushDrift([entry], seen({ changeKey: "theirs", modifiedAt: null }), before)).toEqual([
      { entry, kind: "edited" },
    ]);
  });

  it("a version older than our write (delta's replication lag) is not an edit", () => {
    expect(detectPushDrift([entry], seen({ changeKey: "before-ours", modifiedAt: at(-1) }), before)).toEqual([]);
  });

  it("gone from the view is a removal", () => {
    expect(detectPushDrift([entry], removed, before)).toEqual([{ entry, kind: "removed" }]);
  });

  it("an entry a push wrote while the round was read is not judged by it", () => {
    // Recorded with another key before the read (our write landed meanwhile), or not recorded at all.
    for (const earlier of [new Map([["o1", "previous"]]), new Map([["o1", null]]), new Map<string, string | null>()]) {
      expect(detectPushDrift([entry], seen({ changeKey: "previous", modifiedAt: null }), earlier)).toEqual([]);
      expect(detectPushDrift([entry], removed, earlier)).toEqual([]);
    }
  });

  it("without a recorded key (no confirmed write) nothing is compared", () => {
    const unknown = { ...entry, changeKey: null, modifiedAt: null };
    expect(detectPushDrift([unknown], seen({ changeKey: "theirs" }), new Map([["o1", null]]))).toEqual([]);
    expect(detectPushDrift([entry], seen({ changeKey: null }), before)).toEqual([]);
  });

  it("an entry the round did not show is left alone", () => {
    expect(detectPushDrift([entry], { versions: new Map(), removed: new Set(["o2"]) }, before)).toEqual([]);
  });

  it("drift is exactly: judged, shown with another key not older than ours, or removed", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("ours", "theirs", null),
        fc.option(fc.integer({ min: -5_000, max: 5_000 })),
        fc.constantFrom("ours", "previous", null, undefined),
        fc.boolean(),
        (changeKey, offset, recordedBefore, gone) => {
          const round = gone ? removed : seen({ changeKey, modifiedAt: offset === null ? null : at(offset) });
          const earlier = new Map(recordedBefore === undefined ? [] : [["o1", recordedBefore]]);
          const drifts = detectPushDrift([entry], round, earlier);
          const judged = recordedBefore === "ours";
          const expected = !judged
            ? []
            : gone
              ? [{ entry, kind: "removed" }]
              : changeKey !== null && changeKey !== "ours" && (offset === null || offset >= 0)
                ? [{ entry, kind: "edited" }]
                : [];
          expect(drifts).toEqual(expected);
        },
      ),
    );
  });
});

describe("seenVersions", () => {
  it("reads each event's changeKey (or its etag) and lastModifiedDateTime; the last word on an id wins", () => {
    const versions = seenVersions([
      { id: "o1", changeKey: "k1", lastModifiedDateTime: "2026-11-28T10:00:00.1234567Z" },
      { id: "o2", "@odata.etag": 'W/"k2"' } as never,
      { id: "o1", changeKey: "k1b", lastModifiedDateTime: "2026-11-28T10:00:01Z" },
      { id: "o3", changeKey: "k3" },
      { id: "o3", "@removed": { reason: "deleted" } },
    ]);
    expect([...versions]).toEqual([
      ["o1", { changeKey: "k1b", modifiedAt: new Date("2026-11-28T10:00:01Z") }],
      ["o2", { changeKey: "k2", modifiedAt: null }],
    ]);
  });
});

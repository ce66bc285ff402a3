import { describe, expect, it } from "vitest";
import { describeCounts, errorClassWords, runDuration, runStatusLabel } from "./sync-log-view";

describe("the sync log's wording", () => {
  it.each([
    [
      "pull",
      { fetched: 14, added: 2, updated: 1, removed: 0, baseline: 1 },
      "2 added · 1 updated · 0 removed · 14 read",
    ],
    [
      "pull",
      { fetched: 4, added: 0, updated: 0, removed: 38, mirrored: 42, held: 1 },
      "0 added · 0 updated · 38 removed · 4 read",
    ],
    [
      "pull",
      { fetched: 3, added: 1, updated: 1, removed: 1, notified: 4 },
      "1 added · 1 updated · 1 removed · 3 read · 4 changed ids notified",
    ],
    ["push", { created: 3, updated: 1, deleted: 0, unchanged: 9 }, "3 created · 1 updated · 9 unchanged"],
    ["push", { created: 0, updated: 0, deleted: 0, busy: 0 }, "nothing to do"],
    ["removal", { deleted: 5, purged: 40 }, "5 Outlook entries deleted · 40 purged"],
    [
      "removal",
      { deleted: 1, alreadyGone: 0, mirrorRows: 12, pushEntries: 3, tokenCaches: 1, leftoversCleared: 0 },
      "1 Outlook entry deleted · 12 mirrored events purged · 3 training entry records purged · 1 stored sign-in deleted",
    ],
    [
      "pull",
      { fetched: 2, added: 0, updated: 1, removed: 0, drifted: 1 },
      "0 added · 1 updated · 0 removed · 2 read · 1 training entry changed in Outlook by the instructor",
    ],
    ["pull", {}, ""],
  ] as const)("%s %j → %s", (kind, counts, expected) => {
    expect(describeCounts({ kind, counts })).toBe(expected);
  });

  it("names error classes in words", () => {
    expect(errorClassWords("GraphThrottledError")).toBe("Microsoft asked us to slow down");
    expect(errorClassWords("SomethingNew")).toBeNull();
    expect(errorClassWords(null)).toBeNull();
  });

  it("calls a held round Held, not Failed", () => {
    expect(runStatusLabel({ status: "failed", errorClass: "PullRoundHeldError" })).toBe("Held");
    expect(runStatusLabel({ status: "failed", errorClass: "GraphThrottledError" })).toBe("Failed");
    expect(runStatusLabel({ status: "running", errorClass: null })).toBe("Running");
  });

  it("measures a finished run", () => {
    expect(runDuration({ startedAt: "2026-03-10T10:00:00Z", finishedAt: "2026-03-10T10:00:03.400Z" })).toBe("3 s");
    expect(runDuration({ startedAt: "2026-03-10T10:00:00Z", finishedAt: "2026-03-10T10:01:12Z" })).toBe("1 min 12 s");
    expect(runDuration({ startedAt: "2026-03-10T10:00:00Z", finishedAt: "2026-03-10T10:00:00.300Z" })).toBe(
      "under 1 s",
    );
    expect(runDuration({ startedAt: "2026-03-10T10:00:00Z", finishedAt: null })).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import type { ChangeNotification } from "./change-notifications";
import {
  confirmNotifiedIds,
  MAX_REREAD_IDS,
  notedChangesOf,
  NOTIFIED_RECHECK_DELAYS_MS,
  planNotifiedRead,
  UNKNOWN_EVENT_ID,
} from "./notified-changes";

const change = (eventId: string | null, changeType = "updated"): Extract<ChangeNotification, { kind: "change" }> => ({
  kind: "change",
  subscriptionId: "sub",
  clientState: "secret",
  changeType,
  eventId,
});

describe("notedChangesOf", () => {
  it("notes each id once per connection; a deletion sticks whatever order the notifications came in", () => {
    expect(
      notedChangesOf([
        { connectionId: "c1", notification: change("A", "created") },
        { connectionId: "c1", notification: change("A") },
        { connectionId: "c1", notification: change("B", "deleted") },
        { connectionId: "c1", notification: change("B") },
        { connectionId: "c2", notification: change("A") },
        { connectionId: "c1", notification: change(null) },
      ]),
    ).toEqual([
      { connectionId: "c1", graphId: "A", deleted: false },
      { connectionId: "c1", graphId: "B", deleted: true },
      { connectionId: "c2", graphId: "A", deleted: false },
      { connectionId: "c1", graphId: UNKNOWN_EVENT_ID, deleted: false },
    ]);
  });
});

describe("planNotifiedRead", () => {
  const noted = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ graphId: `id${i}`, seq: i, deleted: i % 3 === 0 }));
  it("re-reads the changed ids and takes deleted ones as gone", () => {
    expect(planNotifiedRead(noted(4))).toEqual({ kind: "ids", reread: ["id1", "id2"], deleted: ["id0", "id3"] });
  });
  it("has nothing to read when nothing waits", () => {
    expect(planNotifiedRead([])).toEqual({ kind: "nothing" });
  });
  it(`reads the whole view beyond ${MAX_REREAD_IDS} ids, or for a notification without an id`, () => {
    expect(planNotifiedRead(noted(MAX_REREAD_IDS)).kind).toBe("ids");
    expect(planNotifiedRead(noted(MAX_REREAD_IDS + 1))).toEqual({ kind: "view", reason: "too_many" });
    expect(planNotifiedRead([...noted(2), { graphId: UNKNOWN_EVENT_ID, seq: 9, deleted: false }])).toEqual({
      kind: "view",
      reason: "unknown_id",
    });
  });
});

describe("confirmNotifiedIds", () => {
  const noted = [
    { graphId: "A", seq: 1, deleted: false },
    { graphId: "B", seq: 2, deleted: true },
    { graphId: "", seq: 3, deleted: false },
  ];
  it("keeps the ids the round did not show for another check, reads past the rest", () => {
    expect(confirmNotifiedIds(noted, new Set(["A"]), 0)).toEqual({ readSeqs: [1, 3], unseen: 1 });
    expect(confirmNotifiedIds(noted, new Set(["A", "B"]), 0)).toEqual({ readSeqs: [1, 2, 3], unseen: 0 });
  });
  it("after the last check reads past everything", () => {
    expect(confirmNotifiedIds(noted, new Set(), NOTIFIED_RECHECK_DELAYS_MS.length)).toEqual({
      readSeqs: [1, 2, 3],
      unseen: 0,
    });
  });
});

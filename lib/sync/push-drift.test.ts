import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentHash } from "./content-hash";
import type { MirrorEvent } from "./mirror-event";
import { buildPushContent, type PushContentInput } from "./push-content";
import { detectPushDrift, touchedOwnEntries, type PushedEntry } from "./push-drift";
import type { ChangeSet } from "./reconcile";

const session = {
  id: "s1",
  name: null,
  startsAt: new Date("2026-12-01T09:00:00Z"),
  endsAt: new Date("2026-12-01T17:00:00Z"),
};
const input: PushContentInput = {
  appUrl: "https://app.example",
  assignmentId: "a1",
  sessionId: "s1",
  instructor: { id: "i1", name: "Ada", timeZone: "Europe/London" },
  event: {
    id: "e1",
    title: "Knots",
    courseCode: "",
    description: "",
    timeZone: "Europe/London",
    location: null,
    venue: null,
    virtualMeeting: null,
    sessions: [session],
    resources: [],
    personnel: [],
  },
};
const hash = contentHash(buildPushContent(input));
const entry: PushedEntry = { assignmentId: "a1", sessionId: "s1", outlookEventId: "o1", contentHash: hash };
const seen = (overrides: Partial<MirrorEvent> = {}): MirrorEvent => ({
  graphId: "o1",
  seriesMasterId: null,
  type: "singleInstance",
  startsAt: session.startsAt,
  endsAt: session.endsAt,
  allDayStartDate: null,
  allDayEndDate: null,
  showAs: "busy",
  response: "organizer",
  isCancelled: false,
  isOrganizer: true,
  isPrivate: false,
  title: "Knots",
  isOurs: true,
  changeKey: "ck",
  ...overrides,
});
const upsert = (event: MirrorEvent): ChangeSet => ({ upserts: [{ event, added: false }], deletes: [] });
const wanted = new Map([["o1", input]]);

describe("detectPushDrift", () => {
  it("our entry as we wrote it is no drift", () => {
    expect(detectPushDrift([entry], upsert(seen()), wanted)).toEqual([]);
  });

  it.each([
    ["a new title", { title: "Mine now" }],
    ["moved", { startsAt: new Date("2026-12-01T10:00:00Z") }],
    ["shortened", { endsAt: new Date("2026-12-01T12:00:00Z") }],
    ["shown as free", { showAs: "free" as const }],
  ])("%s is an edit", (_, overrides) => {
    expect(detectPushDrift([entry], upsert(seen(overrides)), wanted)).toEqual([{ entry, kind: "edited" }]);
  });

  it("a withheld title (private, or Full Private Mode) is not compared", () => {
    expect(detectPushDrift([entry], upsert(seen({ title: null })), wanted)).toEqual([]);
  });

  it("gone from the view is a removal", () => {
    expect(detectPushDrift([entry], { upserts: [], deletes: ["o1"] }, wanted)).toEqual([{ entry, kind: "removed" }]);
  });

  it("an entry whose push is still on its way (hash not the wanted one) never drifts, whatever Outlook shows", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: -1000, max: 1000 }), fc.boolean(), (title, shiftMinutes, removed) => {
        const stale = { ...entry, contentHash: "older" };
        const changes = removed
          ? { upserts: [], deletes: ["o1"] }
          : upsert(seen({ title, startsAt: new Date(session.startsAt.getTime() + shiftMinutes * 60_000) }));
        return detectPushDrift([stale], changes, wanted).length === 0;
      }),
    );
  });

  it("an entry no longer wanted (no content) is left to the push that deletes it", () => {
    expect(detectPushDrift([entry], { upserts: [], deletes: ["o1"] }, new Map())).toEqual([]);
  });
});

describe("touchedOwnEntries", () => {
  it("names our changed entries and our removed mirrored ones, nothing else", () => {
    const mirror = [seen(), seen({ graphId: "o2" }), seen({ graphId: "x1", isOurs: false })];
    const changes: ChangeSet = {
      upserts: [
        { event: seen({ title: "edited" }), added: false },
        { event: seen({ graphId: "x2", isOurs: false }), added: true },
      ],
      deletes: ["o2", "x1"],
    };
    expect(touchedOwnEntries(mirror, changes)).toEqual(["o1", "o2"]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MirrorEvent } from "./mirror-event";
import {
  applyChangedIds,
  applyChangeSet,
  applyDeltaRound,
  countChanges,
  diffAgainstView,
  safetyVerdict,
  type DeltaItem,
} from "./reconcile";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 5, 1);
/** The window in hours from T0; the model's calendar also has events before and after it. */
const WINDOW = { start: 0, end: 48 };

const row = (graphId: string, startHour: number, hours = 1, extra: Partial<MirrorEvent> = {}): MirrorEvent => ({
  graphId,
  seriesMasterId: null,
  type: "singleInstance",
  startsAt: new Date(T0 + startHour * HOUR),
  endsAt: new Date(T0 + (startHour + hours) * HOUR),
  allDayStartDate: null,
  allDayEndDate: null,
  showAs: "busy",
  response: "organizer",
  isCancelled: false,
  isOrganizer: true,
  isPrivate: false,
  title: `Event ${graphId}`,
  isOurs: false,
  changeKey: null,
  ...extra,
});
const ids = (events: readonly MirrorEvent[]) => events.map((e) => e.graphId).sort();

describe("applyDeltaRound", () => {
  it("lets the last item on an id win, and applies repeats once", () => {
    const mirror = [row("a", 1), row("b", 2)];
    const items: DeltaItem[] = [
      { kind: "event", event: row("a", 5) },
      { kind: "event", event: row("a", 5) },
      { kind: "removed", graphId: "b", reason: "deleted" },
      { kind: "event", event: row("b", 3) },
      { kind: "event", event: row("c", 4) },
      { kind: "removed", graphId: "c", reason: "changed" },
    ];
    const changes = applyDeltaRound(mirror, items, { baseline: false });
    expect(countChanges(changes)).toEqual({ added: 0, updated: 2, removed: 0 });
    expect(applyChangeSet(mirror, changes).map((e) => [e.graphId, e.startsAt.getTime()])).toEqual([
      ["a", T0 + 5 * HOUR],
      ["b", T0 + 3 * HOUR],
    ]);
  });

  it("removes on `changed` as on `deleted`, and ignores removals of ids it never held", () => {
    const mirror = [row("a", 1), row("b", 2)];
    const changes = applyDeltaRound(
      mirror,
      [
        { kind: "removed", graphId: "a", reason: "changed" },
        { kind: "removed", graphId: "outside-window-churn", reason: "deleted" },
      ],
      { baseline: false },
    );
    expect(changes).toEqual({ upserts: [], deletes: ["a"] });
  });

  it("writes nothing for an item that did not change", () => {
    expect(
      applyDeltaRound([row("a", 1)], [{ kind: "event", event: { ...row("a", 1), changeKey: "new" } }], {
        baseline: false,
      }),
    ).toEqual({ upserts: [], deletes: [] });
  });

  it("replaces the mirror with a baseline round", () => {
    const changes = applyDeltaRound(
      [row("a", 1), row("b", 2)],
      [
        { kind: "event", event: row("b", 2) },
        { kind: "event", event: row("c", 3) },
      ],
      { baseline: true },
    );
    expect(changes.deletes).toEqual(["a"]);
    expect(changes.upserts.map((u) => [u.event.graphId, u.added])).toEqual([["c", true]]);
  });
});

describe("diffAgainstView", () => {
  it("adds, updates and removes so the mirror equals the view", () => {
    const mirror = [row("a", 1), row("b", 2), row("gone", 3)];
    const view = [row("a", 1), row("b", 2, 2), row("new", 4)];
    const changes = diffAgainstView(mirror, view);
    expect(countChanges(changes)).toEqual({ added: 1, updated: 1, removed: 1 });
    expect(ids(applyChangeSet(mirror, changes))).toEqual(["a", "b", "new"]);
  });
});

describe("applyChangedIds", () => {
  const window = { start: new Date(T0), end: new Date(T0 + 48 * HOUR) };
  it("takes what each id now is, removes the gone ones, and leaves rows it was not told about", () => {
    const mirror = [row("a", 1), row("b", 2), row("c", 3), row("untouched", 4)];
    const changes = applyChangedIds(
      mirror,
      [
        { graphId: "a", event: row("a", 5) },
        { graphId: "b", event: null },
        { graphId: "c", event: { ...row("c", 3), changeKey: "moved on" } },
        { graphId: "new", event: row("new", 6) },
        { graphId: "never-held", event: null },
      ],
      window,
    );
    expect(countChanges(changes)).toEqual({ added: 1, updated: 1, removed: 1 });
    expect(ids(applyChangeSet(mirror, changes))).toEqual(["a", "c", "new", "untouched"]);
  });

  it("removes an event moved outside the window, and does not add one created outside it", () => {
    const mirror = [row("a", 1), row("edge", 2)];
    const changes = applyChangedIds(
      mirror,
      [
        { graphId: "a", event: row("a", 60) },
        { graphId: "past", event: row("past", -5, 2) },
        // Ends where the window starts: calendarView does not show it.
        { graphId: "edge", event: row("edge", -1, 1) },
        { graphId: "overlapping", event: row("overlapping", -1, 2) },
      ],
      window,
    );
    expect(changes.deletes.sort()).toEqual(["a", "edge"]);
    expect(changes.upserts.map((u) => u.event.graphId)).toEqual(["overlapping"]);
  });

  it("takes a gone series master's occurrences with it, unless an occurrence was read as there", () => {
    const occurrence = (id: string, hour: number) => row(id, hour, 1, { type: "occurrence", seriesMasterId: "master" });
    const mirror = [occurrence("o1", 1), occurrence("o2", 25), occurrence("o3", 30), row("single", 3)];
    const changes = applyChangedIds(
      mirror,
      [
        { graphId: "o3", event: { ...occurrence("o3", 31), type: "exception" } },
        { graphId: "master", event: null },
      ],
      window,
    );
    expect(changes.deletes.sort()).toEqual(["o1", "o2"]);
    expect(changes.upserts.map((u) => [u.event.graphId, u.event.type])).toEqual([["o3", "exception"]]);
  });
});

describe("safetyVerdict", () => {
  const mirror = Array.from({ length: 10 }, (_, i) => row(`e${i}`, i));
  it.each([
    { removing: 5, mirrored: 10, verdict: "apply" },
    { removing: 6, mirrored: 10, verdict: "held" },
    { removing: 10, mirrored: 10, verdict: "held" },
    // A small calendar emptying out is ordinary.
    { removing: 4, mirrored: 4, verdict: "apply" },
  ])("removing $removing of $mirrored → $verdict", ({ removing, mirrored, verdict }) => {
    const changes = diffAgainstView(mirror.slice(0, mirrored), mirror.slice(removing, mirrored));
    const result = safetyVerdict(mirrored, changes);
    expect(result.verdict).toBe(verdict);
    if (result.verdict === "held")
      expect({ mirrored: result.mirrored, wouldRemove: result.wouldRemove }).toEqual({
        mirrored,
        wouldRemove: removing,
      });
  });
});

/**
 * A model of Outlook and of calendarView/delta as graph-behaviour.md §3 describes it: a round
 * reports every id changed since the token (its current state if it is in the window, else
 * `@removed` with `deleted` or `changed`), items in any order, some repeated, plus removals for
 * churn outside the window; a token can be lost (410), which starts a baseline round.
 */
type OutlookEvent = { start: number; hours: number; title: string; showAs: "busy" | "free" | "tentative" };
type Op =
  | { op: "create" | "update"; id: number; event: OutlookEvent }
  | { op: "delete"; id: number }
  | { op: "pull"; mode: "delta" | "full" | "resync"; seed: number };

const outlookEvent = fc.record({
  start: fc.integer({ min: -30, max: 80 }),
  hours: fc.integer({ min: 1, max: 30 }),
  title: fc.constantFrom("Standup", "Dentist", "Planning"),
  showAs: fc.constantFrom("busy" as const, "free" as const, "tentative" as const),
});
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constantFrom("create" as const, "update" as const),
    id: fc.integer({ min: 0, max: 12 }),
    event: outlookEvent,
  }),
  fc.record({ op: fc.constant("delete" as const), id: fc.integer({ min: 0, max: 12 }) }),
  fc.record({
    op: fc.constant("pull" as const),
    mode: fc.constantFrom("delta" as const, "full" as const, "resync" as const),
    seed: fc.integer(),
  }),
);

const overlapsWindow = (e: OutlookEvent) => e.start < WINDOW.end && e.start + e.hours > WINDOW.start;
const mirrorRow = (id: number, e: OutlookEvent): MirrorEvent =>
  row(`id${id}`, e.start, e.hours, { title: e.title, showAs: e.showAs });

function calendarView(outlook: Map<number, OutlookEvent>): MirrorEvent[] {
  return [...outlook].filter(([, e]) => overlapsWindow(e)).map(([id, e]) => mirrorRow(id, e));
}

function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

function shuffled<T>(items: T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function deltaRound(
  outlook: Map<number, OutlookEvent>,
  changed: Set<number>,
  baseline: boolean,
  seed: number,
): DeltaItem[] {
  const next = random(seed);
  const items: DeltaItem[] = [];
  const reported = baseline ? [...outlook.keys()] : [...changed];
  for (const id of reported) {
    const e = outlook.get(id);
    if (e && overlapsWindow(e)) items.push({ kind: "event", event: mirrorRow(id, e) });
    else if (!baseline)
      items.push({ kind: "removed", graphId: `id${id}`, reason: e && next() < 0.5 ? "changed" : "deleted" });
  }
  for (const item of [...items]) if (next() < 0.35) items.push(item); // replays
  if (next() < 0.5) items.push({ kind: "removed", graphId: `churn${Math.floor(next() * 1000)}`, reason: "deleted" });
  return shuffled(items, next);
}

describe("reconcile: any sequence of Outlook changes and pulls ends with mirror = calendarView", () => {
  it("holds for delta rounds (with repeats, `changed`, churn and 410 restarts) and full reads", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const outlook = new Map<number, OutlookEvent>();
        const changedSinceToken = new Set<number>();
        let mirror: MirrorEvent[] = [];
        let hasToken = false;
        const pull = (mode: "delta" | "full" | "resync", seed: number) => {
          if (mode === "full") {
            mirror = applyChangeSet(mirror, diffAgainstView(mirror, calendarView(outlook)));
          } else {
            const baseline = mode === "resync" || !hasToken;
            mirror = applyChangeSet(
              mirror,
              applyDeltaRound(mirror, deltaRound(outlook, changedSinceToken, baseline, seed), { baseline }),
            );
            hasToken = true;
            changedSinceToken.clear();
          }
          expect(ids(mirror)).toEqual(ids(calendarView(outlook)));
          expect(new Map(mirror.map((e) => [e.graphId, e]))).toEqual(
            new Map(calendarView(outlook).map((e) => [e.graphId, e])),
          );
        };
        for (const o of ops) {
          if (o.op === "pull") pull(o.mode, o.seed);
          else {
            if (o.op === "delete") outlook.delete(o.id);
            else outlook.set(o.id, o.event);
            changedSinceToken.add(o.id);
          }
        }
        pull("delta", 1);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Full Private Mode's model: the whole times-only view read now and then, and in between only the ids
 * notifications named re-read by id (each notification may be duplicated, late, or overtaken; a
 * deletion is final, so ids are never reused, as Graph's are not). Series masters are not modelled
 * (their change makes the pull read the whole view, the "view" pull here).
 */
describe("reconcile: Full Private Mode's notified re-reads end with mirror = calendarView", () => {
  type FpOp =
    | { op: "create" | "update"; slot: number; event: OutlookEvent }
    | { op: "delete"; slot: number }
    | { op: "pull"; mode: "ids" | "view" }
    | { op: "lose"; slot: number };
  const fpOp: fc.Arbitrary<FpOp> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constantFrom("create" as const, "update" as const),
        slot: fc.integer({ min: 0, max: 8 }),
        event: outlookEvent,
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), slot: fc.integer({ min: 0, max: 8 }) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant("pull" as const),
        mode: fc.constantFrom("ids" as const, "view" as const),
      }),
    },
    // A late duplicate of an earlier notification: its id is noted again after it was read.
    { weight: 1, arbitrary: fc.record({ op: fc.constant("lose" as const), slot: fc.integer({ min: 0, max: 8 }) }) },
  );

  it("holds for any sequence of changes, duplicate and late notifications, and pulls", () => {
    fc.assert(
      fc.property(fc.array(fpOp, { maxLength: 60 }), (ops) => {
        const outlook = new Map<string, OutlookEvent>();
        const generation = new Map<number, number>();
        const idOf = (slot: number) => `s${slot}g${generation.get(slot) ?? 0}`;
        const noted = new Map<string, boolean>(); // id -> deleted
        const everNoted: string[] = [];
        let mirror: MirrorEvent[] = [];
        const view = () =>
          [...outlook]
            .filter(([, e]) => overlapsWindow(e))
            .map(([id, e]) => row(id, e.start, e.hours, { title: null, showAs: e.showAs }));
        const note = (id: string, deleted: boolean) => {
          noted.set(id, (noted.get(id) ?? false) || deleted);
          everNoted.push(id);
        };
        const pull = (mode: "ids" | "view") => {
          if (mode === "view") mirror = applyChangeSet(mirror, diffAgainstView(mirror, view()));
          else {
            const reads = [...noted].map(([graphId, deleted]) => {
              const e = deleted ? undefined : outlook.get(graphId);
              return { graphId, event: e ? row(graphId, e.start, e.hours, { title: null, showAs: e.showAs }) : null };
            });
            mirror = applyChangeSet(mirror, applyChangedIds(mirror, reads, window));
          }
          noted.clear();
          expect(new Map(mirror.map((e) => [e.graphId, e]))).toEqual(new Map(view().map((e) => [e.graphId, e])));
        };
        const window = { start: new Date(T0 + WINDOW.start * HOUR), end: new Date(T0 + WINDOW.end * HOUR) };
        for (const o of ops) {
          if (o.op === "pull") pull(o.mode);
          else if (o.op === "lose") {
            const id = everNoted[o.slot % Math.max(1, everNoted.length)];
            if (id) note(id, false);
          } else if (o.op === "delete") {
            const id = idOf(o.slot);
            if (!outlook.has(id)) continue;
            outlook.delete(id);
            generation.set(o.slot, (generation.get(o.slot) ?? 0) + 1);
            note(id, true);
          } else {
            const id = idOf(o.slot);
            outlook.set(id, o.event);
            note(id, false);
          }
        }
        pull("ids");
      }),
      { numRuns: 300 },
    );
  });
});

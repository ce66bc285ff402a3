import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MirrorEvent } from "./mirror-event";
import {
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

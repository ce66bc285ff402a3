import { sameMirrorEvent, type MirrorEvent } from "./mirror-event";
import { overlapsWindow, type PullWindow } from "./pull-window";

/**
 * Mirror reconcile: what to write so the mirror equals what Outlook's calendarView shows for the
 * window. Pure: it takes the mirror as read and returns a change set; the caller writes it in one
 * transaction, and only after the whole round was read (a partial read is never an empty calendar).
 */

/** One item of a delta round, already mapped: a current event, or a removal with Graph's reason. */
export type DeltaItem =
  { kind: "event"; event: MirrorEvent } | { kind: "removed"; graphId: string; reason: "deleted" | "changed" };

export type ChangeSet = { upserts: { event: MirrorEvent; added: boolean }[]; deletes: string[] };

export type ChangeCounts = { added: number; updated: number; removed: number };

export function countChanges(changes: ChangeSet): ChangeCounts {
  const added = changes.upserts.filter((u) => u.added).length;
  return { added, updated: changes.upserts.length - added, removed: changes.deletes.length };
}

/**
 * A delta round's effect. Items repeat and arrive in any order (§3): the last word on an id wins.
 * `@removed` means "no longer in this calendarView", whatever the reason: `deleted` (gone, or churn
 * outside the window) and `changed` (still exists, moved out of the window) both leave the mirror,
 * and a removal of an id the mirror does not hold changes nothing. An incremental round touches
 * only the ids it names; a baseline round (the first of a token) is the whole view, so everything
 * it does not name leaves the mirror.
 */
export function applyDeltaRound(
  mirror: readonly MirrorEvent[],
  items: readonly DeltaItem[],
  options: { baseline: boolean },
): ChangeSet {
  const last = new Map<string, MirrorEvent | null>();
  for (const item of items)
    last.set(item.kind === "event" ? item.event.graphId : item.graphId, item.kind === "event" ? item.event : null);
  if (options.baseline)
    return diffAgainstView(
      mirror,
      [...last.values()].filter((e): e is MirrorEvent => e !== null),
    );

  return changesTo(indexById(mirror), last);
}

/** A full calendarView read (Full Private Mode, or a baseline) against the mirror: the view wins. */
export function diffAgainstView(mirror: readonly MirrorEvent[], view: readonly MirrorEvent[]): ChangeSet {
  const byId = indexById(mirror);
  const seen = new Map<string, MirrorEvent>();
  for (const event of view) seen.set(event.graphId, event);
  const changes: ChangeSet = { upserts: [], deletes: [] };
  for (const [graphId, event] of seen) {
    const current = byId.get(graphId);
    if (!current || !sameMirrorEvent(current, event)) changes.upserts.push({ event, added: !current });
  }
  for (const graphId of byId.keys()) if (!seen.has(graphId)) changes.deletes.push(graphId);
  return changes;
}

/** A by-id read of one changed id: the event as the mirror keeps it, or null when it is gone (404, or notified deleted). */
export type ChangedIdRead = { graphId: string; event: MirrorEvent | null };

/**
 * The effect of re-reading the ids change notifications named (Full Private Mode): each id is now
 * what Graph answered, if calendarView over `window` would show it; an id that is gone leaves the
 * mirror, and so do the occurrences of a series whose master is gone; an event moved outside the
 * window leaves it too. Rows not named are untouched. A series master's own change is not handled
 * here (its occurrences changed unseen: the caller reads the whole view). `mirror` holds at least
 * the rows of the named ids and the occurrences of the gone ones.
 */
export function applyChangedIds(
  mirror: readonly MirrorEvent[],
  reads: readonly ChangedIdRead[],
  window: PullWindow,
): ChangeSet {
  const byId = indexById(mirror);
  const now = new Map<string, MirrorEvent | null>();
  for (const { graphId, event } of reads) {
    if (event === null) {
      now.set(graphId, now.get(graphId) ?? null);
      for (const row of mirror) if (row.seriesMasterId === graphId && !now.has(row.graphId)) now.set(row.graphId, null);
      continue;
    }
    // Graph answered under another id than asked (it should not, with immutable ids): the asked one is gone.
    if (event.graphId !== graphId && !now.get(graphId)) now.set(graphId, null);
    now.set(event.graphId, overlapsWindow(event, window) ? event : null);
  }
  return changesTo(byId, now);
}

/** What turns the mirror rows `byId` into `final` (null: gone) for the ids `final` names. */
function changesTo(byId: ReadonlyMap<string, MirrorEvent>, final: ReadonlyMap<string, MirrorEvent | null>): ChangeSet {
  const changes: ChangeSet = { upserts: [], deletes: [] };
  for (const [graphId, event] of final) {
    const current = byId.get(graphId);
    if (event === null) {
      if (current) changes.deletes.push(graphId);
    } else if (!current || !sameMirrorEvent(current, event)) {
      changes.upserts.push({ event, added: !current });
    }
  }
  return changes;
}

/** The mirror after a change set, for tests and for callers that keep the mirror in memory. */
export function applyChangeSet(mirror: readonly MirrorEvent[], changes: ChangeSet): MirrorEvent[] {
  const byId = indexById(mirror);
  for (const graphId of changes.deletes) byId.delete(graphId);
  for (const { event } of changes.upserts) byId.set(event.graphId, event);
  return [...byId.values()];
}

/** Below this many removals a round is never held: a small calendar emptying out is ordinary. */
export const HOLD_MINIMUM_REMOVALS = 5;

export type SafetyVerdict =
  | { verdict: "apply"; changes: ChangeSet; counts: ChangeCounts }
  | { verdict: "held"; changes: ChangeSet; counts: ChangeCounts; mirrored: number; wouldRemove: number };

/**
 * The safety rule: a round that would remove more than half of an instructor's mirrored events (and
 * at least HOLD_MINIMUM_REMOVALS) is held, not written, until an admin confirms it. A mass removal
 * is far more often a Graph or token fault than an instructor clearing their calendar.
 */
export function safetyVerdict(
  mirrored: number,
  changes: ChangeSet,
  options: { minimumRemovals?: number } = {},
): SafetyVerdict {
  const counts = countChanges(changes);
  const wouldRemove = changes.deletes.length;
  const held = wouldRemove >= (options.minimumRemovals ?? HOLD_MINIMUM_REMOVALS) && wouldRemove * 2 > mirrored;
  return held ? { verdict: "held", changes, counts, mirrored, wouldRemove } : { verdict: "apply", changes, counts };
}

function indexById(mirror: readonly MirrorEvent[]): Map<string, MirrorEvent> {
  return new Map(mirror.map((e) => [e.graphId, e]));
}

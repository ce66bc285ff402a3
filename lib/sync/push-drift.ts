import type { Event } from "@microsoft/microsoft-graph-types";
import { outlookVersionOf, type OutlookVersion } from "./outlook-version";

/**
 * Drift: what an instructor did in Outlook to an entry Push owns, as a pull round shows it. Outlook
 * changes an item's `changeKey` on every edit of any field (graph-behaviour.md §1), so an entry
 * whose changeKey is no longer the one our last write left was changed by someone else: a new
 * body, location, category, reminder or show-as as surely as new times or a new subject, and in
 * both privacy modes (the changeKey is no content: Full Private Mode selects it too). An entry gone
 * from the view may have been deleted or moved out of the window; the next push's update tells
 * which (404 → created again and logged, else put back).
 *
 * Our own writes never read as drift. A round is read over seconds while a push may write the same
 * entry, so a key that differs from the recorded one is trusted only when
 * - no push wrote the entry while the round was read: the recorded key is the one recorded before the
 *   read began (`before`), and no push holds its lease now (the caller leaves leased entries out), so
 *   a round read before our write landed is not compared with the key that write left; and
 * - the version seen is not older than ours: delta reports changes after a replication lag
 *   (graph-behaviour.md §3 "processing delays"), so a round may still show the entry as it was before
 *   our write; `lastModifiedDateTime` orders the two when both are known (delta sends it; Full
 *   Private Mode's calendarView read, which has no lag, does not select it).
 */
export type DriftKind = "edited" | "removed";

/** A push_entries row as drift detection needs it: confirmed in Outlook, not being pushed now. */
export type PushedEntry = {
  assignmentId: string;
  sessionId: string;
  outlookEventId: string;
  /** Outlook's changeKey and lastModifiedDateTime after our last write (null: unknown, never an edit). */
  changeKey: string | null;
  modifiedAt: Date | null;
};

export type Drift = { entry: PushedEntry; kind: DriftKind };

/** What a pull round showed: the version of each event it read, and the ids that left the view. */
export type RoundSeen = { versions: ReadonlyMap<string, OutlookVersion>; removed: ReadonlySet<string> };

/**
 * The version of every event a round read, by Outlook id; items repeat in a delta round and the
 * last word on an id wins (a trailing `@removed` drops it: it is in the round's removals).
 */
export function seenVersions(items: readonly (Event & { "@removed"?: unknown })[]): Map<string, OutlookVersion> {
  const versions = new Map<string, OutlookVersion>();
  for (const item of items) {
    if (!item.id) continue;
    if (item["@removed"]) versions.delete(item.id);
    else versions.set(item.id, outlookVersionOf(item));
  }
  return versions;
}

/**
 * Which of `entries` drifted in a round. `before` is each entry's recorded changeKey by Outlook id as
 * read before the round was (an entry missing there, or recorded differently since, was written by
 * a push during the read: what the round shows of it may predate that write, so it is not judged).
 */
export function detectPushDrift(
  entries: readonly PushedEntry[],
  round: RoundSeen,
  before: ReadonlyMap<string, string | null>,
): Drift[] {
  const drifts: Drift[] = [];
  for (const entry of entries) {
    const id = entry.outlookEventId;
    if (!before.has(id) || before.get(id) !== entry.changeKey) continue;
    if (round.removed.has(id)) {
      drifts.push({ entry, kind: "removed" });
      continue;
    }
    const seen = round.versions.get(id);
    if (seen && editedSince(entry, seen)) drifts.push({ entry, kind: "edited" });
  }
  return drifts;
}

/** Whether Outlook's version `seen` is a change made after our write (not ours, not an older one). */
function editedSince(entry: PushedEntry, seen: OutlookVersion): boolean {
  if (!entry.changeKey || !seen.changeKey || seen.changeKey === entry.changeKey) return false;
  const older = seen.modifiedAt && entry.modifiedAt && seen.modifiedAt.getTime() < entry.modifiedAt.getTime();
  return !older;
}

import { contentHash } from "./content-hash";
import type { MirrorEvent } from "./mirror-event";
import { buildPushContent, type PushContentInput } from "./push-content";
import type { ChangeSet } from "./reconcile";

/**
 * Drift: what an instructor did in Outlook to an entry Push owns, as a pull round shows it. Pull
 * only keeps what the mirror keeps (times, show-as, the subject outside Full Private Mode), so
 * those are what is compared; an entry gone from the view may have been deleted or moved out of
 * the window, and the next push's update tells which (404 → created again and logged, else put
 * back). Bodies and locations are never read, so an edit to those alone is overwritten only at
 * the next change of the booking.
 */
export type DriftKind = "edited" | "removed";

/** A push_entries row as drift detection needs it. */
export type PushedEntry = {
  assignmentId: string;
  sessionId: string;
  outlookEventId: string;
  /** Hash of the content Outlook was last confirmed to hold. */
  contentHash: string | null;
};

export type Drift = { entry: PushedEntry; kind: DriftKind };

/**
 * The Outlook ids a round touched that may be ours: our entries it changed (or saw for the first
 * time) and mirrored entries of ours it removed. Only these need comparing; everything else the
 * round left alone still holds what was last seen.
 */
export function touchedOwnEntries(mirror: readonly MirrorEvent[], changes: ChangeSet): string[] {
  const ours = new Set(mirror.filter((e) => e.isOurs).map((e) => e.graphId));
  return [
    ...changes.upserts.filter((u) => u.event.isOurs || ours.has(u.event.graphId)).map((u) => u.event.graphId),
    ...changes.deletes.filter((id) => ours.has(id)),
  ];
}

/**
 * Which of `entries` drifted, given the round's changes and each entry's wanted content. Only an
 * entry Outlook was confirmed to hold in its wanted form (status in Outlook and the recorded hash
 * equal to the wanted one) can drift: any other difference is a push still on its way, not the
 * instructor's doing.
 */
export function detectPushDrift(
  entries: readonly PushedEntry[],
  changes: ChangeSet,
  wanted: ReadonlyMap<string, PushContentInput>,
): Drift[] {
  const removed = new Set(changes.deletes);
  const seen = new Map(changes.upserts.map((u) => [u.event.graphId, u.event]));
  const drifts: Drift[] = [];
  for (const entry of entries) {
    const input = wanted.get(entry.outlookEventId);
    if (!input) continue;
    const content = buildPushContent(input);
    if (entry.contentHash !== contentHash(content)) continue;
    if (removed.has(entry.outlookEventId)) {
      drifts.push({ entry, kind: "removed" });
      continue;
    }
    const event = seen.get(entry.outlookEventId);
    if (event && differs(event, input, content.subject ?? null)) drifts.push({ entry, kind: "edited" });
  }
  return drifts;
}

/** Whether what Outlook shows differs from the entry we wrote, in the fields the mirror keeps. */
function differs(event: MirrorEvent, input: PushContentInput, subject: string | null): boolean {
  const session = input.event.sessions.find((s) => s.id === input.sessionId);
  if (!session) return false;
  return (
    event.startsAt.getTime() !== session.startsAt.getTime() ||
    event.endsAt.getTime() !== session.endsAt.getTime() ||
    event.allDayStartDate !== null ||
    event.showAs !== "busy" ||
    event.isCancelled ||
    // Null when Outlook's privacy or Full Private Mode withheld it: nothing to compare.
    (event.title !== null && event.title !== subject)
  );
}

import type { ChangeNotification } from "./change-notifications";

/**
 * The event ids change notifications name (graph-behaviour.md §9.3), as Full Private Mode re-reads
 * them: only those ids, with the same times-only `$select` as its calendarView read (issue 11 item 3).
 * Pure: the webhook notes the ids (`notedChangesOf`), the pull decides how to read them (`planNotifiedRead`).
 */

/**
 * More changed ids than this in one pull and the whole times-only calendarView is read instead: a
 * year of a busy calendar is a few pages, while 100 ids are already five `$batch`es.
 */
export const MAX_REREAD_IDS = 100;

/** Stands for a change notification whose event id could not be read: only the whole view covers it. */
export const UNKNOWN_EVENT_ID = "";

/** One id noted for a connection, as stored (db/schema/notified-changes.ts). */
export type NotedChange = { graphId: string; seq: number; deleted: boolean };

/**
 * The ids a webhook POST names per connection, each once: `deleted` when any of its notifications
 * said so (a deletion is final: a late `updated` for the same id does not bring the event back).
 */
export function notedChangesOf(
  notifications: readonly { connectionId: string; notification: Extract<ChangeNotification, { kind: "change" }> }[],
): { connectionId: string; graphId: string; deleted: boolean }[] {
  const noted = new Map<string, { connectionId: string; graphId: string; deleted: boolean }>();
  for (const { connectionId, notification } of notifications) {
    const graphId = notification.eventId || UNKNOWN_EVENT_ID;
    const key = `${connectionId}\u0000${graphId}`;
    const deleted = notification.changeType === "deleted";
    const seen = noted.get(key);
    if (seen) seen.deleted ||= deleted;
    else noted.set(key, { connectionId, graphId, deleted });
  }
  return [...noted.values()];
}

export type NotifiedRead =
  /** Nothing is waiting (an earlier pull read past these notifications): nothing to read. */
  | { kind: "nothing" }
  /**
   * GET `reread` by id with the times-only `$select`; `deleted` ids are gone without asking (Graph said
   * so; an immutable id may still answer from Deleted Items [UNV], so it is not asked).
   */
  | { kind: "ids"; reread: string[]; deleted: string[] }
  /** Read the whole times-only view instead: too many ids, or one we could not tell. */
  | { kind: "view"; reason: "too_many" | "unknown_id" };

/** How a pull reads the ids noted for its connection (`noted`: at most `max + 1` of them, oldest first). */
export function planNotifiedRead(noted: readonly NotedChange[], max = MAX_REREAD_IDS): NotifiedRead {
  if (noted.length === 0) return { kind: "nothing" };
  if (noted.length > max) return { kind: "view", reason: "too_many" };
  if (noted.some((n) => n.graphId === UNKNOWN_EVENT_ID)) return { kind: "view", reason: "unknown_id" };
  return {
    kind: "ids",
    reread: noted.filter((n) => !n.deleted).map((n) => n.graphId),
    deleted: noted.filter((n) => n.deleted).map((n) => n.graphId),
  };
}

/**
 * When a notification's delta round shows nothing of an id it named, Graph may not have caught up yet
 * (§3 "processing delays": a change can reach delta later than its notification). The pull then checks
 * again after each of these waits, in turn, and after the last one leaves the rest to the hourly pull.
 */
export const NOTIFIED_RECHECK_DELAYS_MS = [30_000, 2 * 60_000, 8 * 60_000] as const;

/**
 * What a notification's delta round confirmed of the ids noted before it began: `unseen` are those the
 * round did not mention (neither changed nor removed), kept noted for another check while `recheck`
 * (the checks done so far) leaves one; every other row the round read past. Ids that could not be read
 * ('') are covered by any whole round, so they never wait.
 */
export function confirmNotifiedIds(
  noted: readonly NotedChange[],
  roundIds: ReadonlySet<string>,
  recheck: number,
): { readSeqs: number[]; unseen: number } {
  const mayWait = recheck < NOTIFIED_RECHECK_DELAYS_MS.length;
  const waits = (n: NotedChange) => mayWait && n.graphId !== UNKNOWN_EVENT_ID && !roundIds.has(n.graphId);
  return { readSeqs: noted.filter((n) => !waits(n)).map((n) => n.seq), unseen: noted.filter(waits).length };
}

import { and, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { MirrorEvent } from "../../lib/sync/mirror-event";
import type { ChangeSet } from "../../lib/sync/reconcile";
import { externalEvents, pushEntries } from "../schema";
import type { DbOrTx } from "../types";

/** The mirror's columns as lib/sync/reconcile.ts reads them (no connection id or bookkeeping). */
const mirrorColumns = {
  graphId: externalEvents.graphId,
  seriesMasterId: externalEvents.seriesMasterId,
  type: externalEvents.type,
  startsAt: externalEvents.startsAt,
  endsAt: externalEvents.endsAt,
  allDayStartDate: externalEvents.allDayStartDate,
  allDayEndDate: externalEvents.allDayEndDate,
  showAs: externalEvents.showAs,
  response: externalEvents.response,
  isCancelled: externalEvents.isCancelled,
  isOrganizer: externalEvents.isOrganizer,
  isPrivate: externalEvents.isPrivate,
  title: externalEvents.title,
  isOurs: externalEvents.isOurs,
  changeKey: externalEvents.changeKey,
};

/**
 * One connection's mirror as lib/sync/reconcile.ts reads it; with `graphIds`, only those rows, and
 * with `seriesMasterIds` also the occurrences and exceptions of those series.
 */
export async function mirrorOf(
  db: DbOrTx,
  connectionId: string,
  only?: { graphIds: readonly string[]; seriesMasterIds?: readonly string[] },
): Promise<MirrorEvent[]> {
  const rows = new Map<string, MirrorEvent>();
  const chunks = only
    ? [
        ...chunked([...new Set(only.graphIds)], UPSERT_CHUNK).map((ids) => inArray(externalEvents.graphId, ids)),
        ...chunked([...new Set(only.seriesMasterIds ?? [])], UPSERT_CHUNK).map((ids) =>
          inArray(externalEvents.seriesMasterId, ids),
        ),
      ]
    : [undefined];
  for (const which of chunks)
    for (const row of await db
      .select(mirrorColumns)
      .from(externalEvents)
      .where(and(eq(externalEvents.connectionId, connectionId), which)))
      rows.set(row.graphId, row);
  return [...rows.values()];
}

/** How many events one connection's mirror holds. */
export async function mirrorSize(db: DbOrTx, connectionId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(externalEvents)
    .where(eq(externalEvents.connectionId, connectionId));
  return row?.n ?? 0;
}

function chunked<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

const UPSERT_CHUNK = 500;

/**
 * Writes a change set to one connection's mirror. Call it inside the transaction that also records
 * the round (delta link, sync run), so a round lands whole or not at all, after locking the
 * connection row for update (pull-target.ts `lockedPrivacyMode`).
 *
 * Which rows are ours is settled here too, from push_entries as committed now: the round was mapped
 * with the Outlook ids Push had recorded when it was read, and an entry Push recorded since (a
 * connect pushes while it pulls) must not land as an external event. Push records an id under a
 * share lock of the same connection row and marks the mirror itself (push-entry-records.ts), so one
 * of the two always sees the other.
 */
export async function writeMirrorChanges(
  db: DbOrTx,
  connectionId: string,
  changes: ChangeSet,
  now: Date,
): Promise<void> {
  for (let i = 0; i < changes.deletes.length; i += UPSERT_CHUNK) {
    const ids = changes.deletes.slice(i, i + UPSERT_CHUNK);
    await db
      .delete(externalEvents)
      .where(and(eq(externalEvents.connectionId, connectionId), inArray(externalEvents.graphId, ids)));
  }
  for (let i = 0; i < changes.upserts.length; i += UPSERT_CHUNK) {
    const rows = changes.upserts
      .slice(i, i + UPSERT_CHUNK)
      .map(({ event }) => ({ ...event, connectionId, updatedAt: now }));
    await db
      .insert(externalEvents)
      .values(rows)
      .onConflictDoUpdate({
        target: [externalEvents.connectionId, externalEvents.graphId],
        set: Object.fromEntries(
          (
            [
              "seriesMasterId",
              "type",
              "startsAt",
              "endsAt",
              "allDayStartDate",
              "allDayEndDate",
              "showAs",
              "response",
              "isCancelled",
              "isOrganizer",
              "isPrivate",
              "title",
              "isOurs",
              "changeKey",
              "updatedAt",
            ] as const
          ).map((key) => [key, sql.raw(`excluded.${externalEvents[key].name}`)]),
        ),
      });
  }
  if (changes.upserts.length)
    await db
      .update(externalEvents)
      .set({ isOurs: true, updatedAt: now })
      .where(
        and(
          eq(externalEvents.connectionId, connectionId),
          eq(externalEvents.isOurs, false),
          inArray(
            externalEvents.graphId,
            db
              .select({ id: pushEntries.outlookEventId })
              .from(pushEntries)
              .where(and(eq(pushEntries.connectionId, connectionId), isNotNull(pushEntries.outlookEventId))),
          ),
        ),
      );
}

import { and, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { MirrorEvent } from "../../lib/sync/mirror-event";
import type { ChangeSet } from "../../lib/sync/reconcile";
import { calendarConnections, externalEvents, instructors, pushEntries } from "../schema";
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
 * instructor's and the connection's rows (pull-target.ts `lockForMirrorWrite`).
 *
 * Which rows are ours is settled here too, from push_entries as committed now: the round was mapped
 * with the Outlook ids Push had recorded when it was read, and an entry Push recorded since (a
 * connect pushes while it pulls) must not land as an external event. Push records an id under a
 * share lock of the same connection row and marks the mirror itself (push-entry-records.ts), so one
 * of the two always sees the other.
 *
 * All-day rows are placed at midnights of the instructor's home zone as it is now (placeAllDayEvents),
 * whatever zone the round was mapped in: the conflict counts compare their stored range directly.
 */
export async function writeMirrorChanges(
  db: DbOrTx,
  connectionId: string,
  changes: ChangeSet,
  now: Date,
): Promise<void> {
  // Taken before any mirror row is written: a zone change (which locks the instructor, then re-places
  // the mirror's all-day rows) waits for this round or has happened, and the lock order is the same.
  const allDay = changes.upserts.some(({ event }) => event.allDayStartDate !== null);
  if (allDay) await lockHomeZone(db, connectionId);
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
  if (allDay) await placeAllDayEvents(db, { connectionId });
}

/**
 * Holds the instructor's home zone as it is until the transaction ends (a share lock of their row).
 * A round takes it before the connection's row (pull-target.ts `lockForMirrorWrite`), the order an
 * admin's save of the instructor takes its locks in.
 */
export async function lockHomeZone(db: DbOrTx, connectionId: string): Promise<void> {
  await db
    .select({ id: instructors.id })
    .from(instructors)
    .where(
      inArray(
        instructors.id,
        db
          .select({ id: calendarConnections.instructorId })
          .from(calendarConnections)
          .where(eq(calendarConnections.id, connectionId)),
      ),
    )
    .for("share");
}

/**
 * Places all-day mirror rows at the midnights of their instructor's home zone (lib/sync/conflict-rules.ts
 * `externalInterval`), for one connection or for every connection of an instructor whose zone changed.
 * The invariant lets the conflict counts compare an all-day row's stored range without converting dates
 * in every query. Call it in a transaction that holds the instructor's row (writeMirrorChanges takes a
 * share lock, a zone change its update lock), so a concurrent round and zone change cannot interleave.
 */
export async function placeAllDayEvents(
  db: DbOrTx,
  of: { connectionId: string } | { instructorId: string },
): Promise<void> {
  const e = externalEvents;
  const startsAt = sql`${e.allDayStartDate}::timestamp at time zone ${instructors.timeZone}`;
  const endsAt = sql`${e.allDayEndDate}::timestamp at time zone ${instructors.timeZone}`;
  await db
    .update(e)
    .set({ startsAt: sql`${startsAt}`, endsAt: sql`${endsAt}` })
    .from(calendarConnections)
    .innerJoin(instructors, eq(instructors.id, calendarConnections.instructorId))
    .where(
      and(
        eq(calendarConnections.id, e.connectionId),
        "connectionId" in of
          ? eq(calendarConnections.id, of.connectionId)
          : eq(calendarConnections.instructorId, of.instructorId),
        isNotNull(e.allDayStartDate),
        sql`(${e.startsAt}, ${e.endsAt}) is distinct from (${startsAt}, ${endsAt})`,
      ),
    );
}

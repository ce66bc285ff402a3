import { and, asc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { ConflictSettings } from "@/lib/sync/conflict-settings";
import { calendarConnections, externalEvents, timedLongSql } from "../schema";
import type { DbOrTx } from "../types";
import { busyIntervalColumns, type BusyInterval } from "./busy-intervals";
import { blocksSql, sessionRanges, sessionSpan, shortOverlapSql } from "./conflict-sql";

export type SessionBusyQuery = {
  instructorIds: string[];
  sessions: { start: Date; end: Date }[];
  /** What the organisation's rules say never conflicts is left in the database. */
  settings: ConflictSettings;
};

/**
 * Mirrored Outlook events of many instructors overlapping any of an event's sessions, in one query
 * whose arms each match one of the mirror's range indexes (PostgreSQL ORs their bitmaps): per session,
 * the short timed events that start in [start − SHORT_EVENT_HOURS, end) and end after its start (the
 * btree on starts_at), and the long ones whose range overlaps it (GiST); all-day events over the
 * sessions' span, which the rules place in the instructor's zone. The panel counts in the database
 * (conflict-counts.ts); this brings the rows for the conflicts API and one instructor's expanded list.
 */
export async function sessionBusyIntervals(db: DbOrTx, input: SessionBusyQuery): Promise<BusyInterval[]> {
  if (input.instructorIds.length === 0 || input.sessions.length === 0) return [];
  return sessionBusyQuery(db, input);
}

/** The query itself, for EXPLAIN in tests. */
export function sessionBusyQuery(db: DbOrTx, input: SessionBusyQuery) {
  const e = externalEvents;
  const ranges = sessionRanges(input.sessions);
  const overlapsASession = or(
    ...input.sessions.flatMap((session, i) => {
      const [start, end] = [
        sql`${session.start.toISOString()}::timestamptz`,
        sql`${session.end.toISOString()}::timestamptz`,
      ];
      return [shortOverlapSql(start, end), and(sql`${e.during} && ${ranges[i]}`, timedLongSql(e))];
    }),
    and(sql`${e.during} && ${sessionSpan(input.sessions)}`, isNotNull(e.allDayStartDate)),
  );
  return (
    db
      .select(busyIntervalColumns)
      .from(calendarConnections)
      .innerJoin(externalEvents, eq(externalEvents.connectionId, calendarConnections.id))
      .where(
        and(
          inArray(calendarConnections.instructorId, input.instructorIds),
          overlapsASession,
          eq(externalEvents.isOurs, false),
          blocksSql(input.settings),
        ),
      )
      // Fully ordered (start, end, id): the same mirror always reads back the same way.
      .orderBy(
        asc(calendarConnections.instructorId),
        asc(externalEvents.startsAt),
        asc(externalEvents.endsAt),
        asc(externalEvents.graphId),
      )
  );
}

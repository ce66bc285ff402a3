import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { ConflictSettings } from "@/lib/sync/conflict-settings";
import { calendarConnections, externalEvents } from "../schema";
import type { DbOrTx } from "../types";
import { busyIntervalColumns, type BusyInterval } from "./busy-intervals";
import { blocksSql, sessionRanges, sessionSpan } from "./conflict-sql";

export type SessionBusyQuery = {
  instructorIds: string[];
  sessions: { start: Date; end: Date }[];
  /** What the organisation's rules say never conflicts is left in the database. */
  settings: ConflictSettings;
};

/**
 * Mirrored Outlook events of many instructors overlapping any of an event's sessions, in one query:
 * one `&&` on the sessions' span that the GiST index answers for everyone at once, the candidates,
 * then each session's own overlap (all-day events pass to the rules, which place them in the
 * instructor's zone). The panel counts in the database (conflict-counts.ts); this brings the rows for
 * the conflicts API and one instructor's expanded list.
 */
export async function sessionBusyIntervals(db: DbOrTx, input: SessionBusyQuery): Promise<BusyInterval[]> {
  if (input.instructorIds.length === 0 || input.sessions.length === 0) return [];
  return sessionBusyQuery(db, input);
}

/** The query itself, for EXPLAIN in tests. */
export function sessionBusyQuery(db: DbOrTx, input: SessionBusyQuery) {
  const ranges = sql.join(sessionRanges(input.sessions), sql`, `);
  return (
    db
      .select(busyIntervalColumns)
      .from(calendarConnections)
      .innerJoin(
        externalEvents,
        and(
          eq(externalEvents.connectionId, calendarConnections.id),
          sql`${externalEvents.during} && ${sessionSpan(input.sessions)}`,
        ),
      )
      .where(
        and(
          inArray(calendarConnections.instructorId, input.instructorIds),
          sql`(${externalEvents.during} && any(array[${ranges}]) or ${externalEvents.allDayStartDate} is not null)`,
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

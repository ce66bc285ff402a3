import { and, eq, inArray, sql } from "drizzle-orm";
import { calendarConnections, externalEvents, instructors } from "../schema";
import type { DbOrTx } from "../types";
import { blocksSql, intervalSql, sessionRanges, sessionSpan } from "./conflict-sql";
import type { SessionBusyQuery } from "./session-busy";

export type ConflictCount = { count: number; tentative: number };

/**
 * How many (session, Outlook event) conflicts each candidate has, counted in the database: the badge
 * of the assignment panel needs the number, not the rows (an instructor with a full diary has dozens
 * in a week-long course, and 500 of them would ship thousands). Same prefilter as sessionBusyQuery;
 * the verdict and the all-day placement are lib/sync/conflict-rules.ts `externalVerdict` and
 * `externalInterval` written as SQL (conflict-counts.int.test.ts checks they agree). Instructors
 * without conflicts are absent from the map.
 */
export async function sessionConflictCounts(db: DbOrTx, input: SessionBusyQuery): Promise<Map<string, ConflictCount>> {
  if (input.instructorIds.length === 0 || input.sessions.length === 0) return new Map();
  const rows = await sessionConflictCountsQuery(db, input);
  return new Map(
    rows.filter((r) => r.count > 0).map((r) => [r.instructorId, { count: r.count, tentative: r.tentative }]),
  );
}

/** The query itself, for EXPLAIN in tests. */
export function sessionConflictCountsQuery(db: DbOrTx, input: SessionBusyQuery) {
  // Sessions overlapped by the row, as a sum of one comparison per session: no join to the sessions
  // (which would materialise rows × sessions), the all-day placement built only for all-day rows.
  const interval = intervalSql();
  const pairs = sql`(${sql.join(
    sessionRanges(input.sessions).map((range) => sql`(${interval} && ${range})::int`),
    sql` + `,
  )})`;
  const tentative = sql`(${externalEvents.showAs} = 'tentative' or ${externalEvents.response} = 'tentativelyAccepted')`;
  return db
    .select({
      instructorId: calendarConnections.instructorId,
      count: sql<number>`sum(${pairs})::int`.mapWith(Number),
      tentative: sql<number>`coalesce(sum(${pairs}) filter (where ${tentative}), 0)::int`.mapWith(Number),
    })
    .from(calendarConnections)
    .innerJoin(instructors, eq(instructors.id, calendarConnections.instructorId))
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
        eq(externalEvents.isOurs, false),
        blocksSql(input.settings),
      ),
    )
    .groupBy(calendarConnections.instructorId);
}

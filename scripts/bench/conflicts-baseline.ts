import { and, eq, inArray, sql } from "drizzle-orm";
import { calendarConnections, externalEvents, instructors } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { allDayIntervalSql, blocksSql, sessionRanges, sessionSpan } from "@/db/queries/conflict-sql";
import type { SessionBusyQuery } from "@/db/queries/session-busy";

/**
 * The conflict counts as they are best written without a range index: ONE pass over the mirror
 * (the span, every session compared per row), the same answer as db/queries/conflict-counts.ts. The
 * benchmark's baseline runs this with index scans off. Running the panel's own query that way would
 * be unfair the other way: its per-session probes become one sequential scan per session.
 */
export function onePassConflictCountsQuery(db: DbOrTx, input: SessionBusyQuery) {
  const e = externalEvents;
  const interval = sql`(case when ${e.allDayStartDate} is null or ${e.allDayEndDate} is null then ${e.during}
    else ${allDayIntervalSql()} end)`;
  const pairs = sql`(${sql.join(
    sessionRanges(input.sessions).map((range) => sql`(${interval} && ${range})::int`),
    sql` + `,
  )})`;
  const tentative = sql`(${e.showAs} = 'tentative' or ${e.response} = 'tentativelyAccepted')`;
  return db
    .select({
      instructorId: calendarConnections.instructorId,
      count: sql<number>`sum(${pairs})::int`.mapWith(Number),
      tentative: sql<number>`coalesce(sum(${pairs}) filter (where ${tentative}), 0)::int`.mapWith(Number),
    })
    .from(calendarConnections)
    .innerJoin(instructors, eq(instructors.id, calendarConnections.instructorId))
    .innerJoin(e, and(eq(e.connectionId, calendarConnections.id), sql`${e.during} && ${sessionSpan(input.sessions)}`))
    .where(
      and(
        inArray(calendarConnections.instructorId, input.instructorIds),
        eq(e.isOurs, false),
        blocksSql(input.settings),
      ),
    )
    .groupBy(calendarConnections.instructorId);
}

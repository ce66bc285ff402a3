import { and, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import { calendarConnections, externalEvents, instructors } from "../schema";
import type { DbOrTx } from "../types";
import { allDayIntervalSql, blocksSql, sessionRanges, sessionSpan } from "./conflict-sql";
import type { SessionBusyQuery } from "./session-busy";

export type ConflictCount = { count: number; tentative: number };

/**
 * How many (session, Outlook event) conflicts each candidate has, counted in the database: the badge
 * of the assignment panel needs the number, not the rows (an instructor with a full diary has dozens
 * in a week-long course, and 500 of them would ship thousands). The verdict and the all-day placement
 * are lib/sync/conflict-rules.ts `externalVerdict` and `externalInterval` written as SQL
 * (conflict-counts.int.test.ts checks they agree). Instructors without conflicts are absent from the map.
 */
export async function sessionConflictCounts(db: DbOrTx, input: SessionBusyQuery): Promise<Map<string, ConflictCount>> {
  if (input.instructorIds.length === 0 || input.sessions.length === 0) return new Map();
  // A named statement: PostgreSQL plans it once per shape (sessions and rules) instead of at every call.
  const rows = await sessionConflictCountsQuery(db, input).prepare("session_conflict_counts").execute();
  return new Map(
    rows
      .filter((r) => Number(r.count) > 0)
      .map((r) => [r.instructorId, { count: Number(r.count), tentative: Number(r.tentative) }]),
  );
}

/**
 * The query itself, for EXPLAIN in tests. Timed events (98% of a real mirror) are read with one
 * probe per session of the covering GiST index on `during` (its INCLUDE columns carry the verdict:
 * an index-only scan, no heap visits): a row comes back once per session it overlaps, so counting
 * rows counts pairs, with no per-row range arithmetic. All-day events, whose interval depends on the
 * instructor's zone, are read from their own small partial index over the span and compared per
 * session. Both are summed per connection before the candidates are joined, so the joins see one row
 * per calendar instead of one per event (ARCHITECTURE.md, "Conflict queries").
 */
export function sessionConflictCountsQuery(db: DbOrTx, input: SessionBusyQuery) {
  const e = externalEvents;
  const tentative = sql<boolean>`(${e.showAs} = 'tentative' or ${e.response} = 'tentativelyAccepted')`.as("tentative");
  const blocking = and(eq(e.isOurs, false), blocksSql(input.settings));
  const timed = sessionRanges(input.sessions).map((range) =>
    db
      .select({ connectionId: e.connectionId, pairs: sql<number>`1`.as("pairs"), tentative })
      .from(e)
      .where(and(sql`${e.during} && ${range}`, isNull(e.allDayStartDate), blocking)),
  );
  // Each all-day row's interval is placed in its instructor's zone once (the fence, `offset 0`, keeps
  // PostgreSQL from inlining it into every session's comparison: two zone conversions a row, not ten).
  const allDayRows = db
    .select({ connectionId: e.connectionId, interval: sql`${allDayIntervalSql()}`.as("interval"), tentative })
    .from(e)
    .innerJoin(calendarConnections, eq(calendarConnections.id, e.connectionId))
    .innerJoin(instructors, eq(instructors.id, calendarConnections.instructorId))
    .where(and(sql`${e.during} && ${sessionSpan(input.sessions)}`, isNotNull(e.allDayStartDate), blocking))
    .offset(0)
    .as("all_day_rows");
  const allDayPairs: SQL = sql.join(
    sessionRanges(input.sessions).map((range) => sql`(${allDayRows.interval} && ${range})::int`),
    sql` + `,
  );
  const allDay = db
    .select({
      connectionId: allDayRows.connectionId,
      pairs: sql<number>`${allDayPairs}`.as("pairs"),
      tentative: allDayRows.tentative,
    })
    .from(allDayRows);
  const [first, ...rest] = timed;
  const found = unionAll(allDay, first!, ...rest).as("found");
  const perCalendar = db
    .select({
      connectionId: found.connectionId,
      count: sql<number>`sum(${found.pairs})::int`.as("pair_count"),
      tentative: sql<number>`coalesce(sum(${found.pairs}) filter (where ${found.tentative}), 0)::int`.as(
        "tentative_count",
      ),
    })
    .from(found)
    .groupBy(found.connectionId)
    .as("per_calendar");
  return (
    db
      .select({
        instructorId: calendarConnections.instructorId,
        count: perCalendar.count,
        tentative: perCalendar.tentative,
      })
      .from(perCalendar)
      .innerJoin(calendarConnections, eq(calendarConnections.id, perCalendar.connectionId))
      // One parameter for all candidates (hundreds of `$n` in an IN list cost more to parse and plan than the probes).
      .where(
        sql`${calendarConnections.instructorId} = any(string_to_array(${input.instructorIds.join(",")}, ',')::uuid[])`,
      )
  );
}

import { and, eq, isNotNull, isNull, sql, type Placeholder, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import { calendarConnections, externalEvents, instructors } from "../schema";
import type { DbOrTx } from "../types";
import type { ConflictSettings } from "@/lib/sync/conflict-settings";
import { allDayIntervalSql, blocksSql, sessionRanges, sessionSpan, sessionSpanBounds } from "./conflict-sql";
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
  const rows = await preparedCounts(db, input).execute(placeholderValues(input));
  return new Map(
    rows
      .filter((r) => Number(r.count) > 0)
      .map((r) => [r.instructorId, { count: Number(r.count), tentative: Number(r.tentative) }]),
  );
}

type PreparedCounts = ReturnType<ReturnType<typeof countsQuery>["prepare"]>;
const statements = new WeakMap<DbOrTx, Map<string, PreparedCounts>>();

/**
 * The statement for this shape (how many sessions, which rules), built once per database handle with
 * placeholders for the values: the panel asks on every event page, and building the SQL cost more than
 * a tenth of the query; PostgreSQL plans a named statement once instead of at every call.
 */
function preparedCounts(db: DbOrTx, input: SessionBusyQuery): PreparedCounts {
  const shape = `${input.sessions.length}:${JSON.stringify(input.settings)}`;
  let byShape = statements.get(db);
  if (!byShape) statements.set(db, (byShape = new Map()));
  let prepared = byShape.get(shape);
  if (!prepared) {
    const bounds: Bounds = {
      ranges: input.sessions.map(
        (_, i) =>
          sql`tstzrange(${sql.placeholder(`start${i}`)}::timestamptz, ${sql.placeholder(`end${i}`)}::timestamptz, '[)')`,
      ),
      span: sql`tstzrange(${sql.placeholder("spanStart")}::timestamptz, ${sql.placeholder("spanEnd")}::timestamptz, '[)')`,
      instructorIds: sql.placeholder("instructorIds"),
    };
    prepared = countsQuery(db, bounds, input.settings).prepare("session_conflict_counts");
    byShape.set(shape, prepared);
  }
  return prepared;
}

function placeholderValues(input: SessionBusyQuery): Record<string, string> {
  const [spanStart, spanEnd] = sessionSpanBounds(input.sessions);
  const values: Record<string, string> = {
    spanStart: spanStart.toISOString(),
    spanEnd: spanEnd.toISOString(),
    instructorIds: input.instructorIds.join(","),
  };
  input.sessions.forEach((s, i) => {
    values[`start${i}`] = s.start.toISOString();
    values[`end${i}`] = s.end.toISOString();
  });
  return values;
}

/** What the query is asked about: each session's range, their span, the candidates (comma-joined ids). */
type Bounds = { ranges: SQL[]; span: SQL; instructorIds: Placeholder | string };

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
  const bounds: Bounds = {
    ranges: sessionRanges(input.sessions),
    span: sessionSpan(input.sessions),
    instructorIds: input.instructorIds.join(","),
  };
  return countsQuery(db, bounds, input.settings);
}

function countsQuery(db: DbOrTx, bounds: Bounds, settings: ConflictSettings) {
  const e = externalEvents;
  const tentative = sql<boolean>`(${e.showAs} = 'tentative' or ${e.response} = 'tentativelyAccepted')`.as("tentative");
  const blocking = and(eq(e.isOurs, false), blocksSql(settings));
  const timed = bounds.ranges.map((range) =>
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
    .where(and(sql`${e.during} && ${bounds.span}`, isNotNull(e.allDayStartDate), blocking))
    .offset(0)
    .as("all_day_rows");
  const allDayPairs: SQL = sql.join(
    bounds.ranges.map((range) => sql`(${allDayRows.interval} && ${range})::int`),
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
      .where(sql`${calendarConnections.instructorId} = any(string_to_array(${bounds.instructorIds}, ',')::uuid[])`)
  );
}

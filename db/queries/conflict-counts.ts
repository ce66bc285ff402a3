import { and, eq, isNotNull, sql, type Placeholder, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import { calendarConnections, externalEvents, timedLongSql } from "../schema";
import type { DbOrTx } from "../types";
import type { ConflictSettings } from "@/lib/sync/conflict-settings";
import { blocksSql, sessionSpanBounds, shortOverlapSql } from "./conflict-sql";
import type { SessionBusyQuery } from "./session-busy";

export type ConflictCount = { count: number; tentative: number };

/**
 * What the counts are asked about: `instructorIds` names the candidates, or is "everyone" (the panel
 * lists every instructor: no list of hundreds of ids to send, parse and match, ~0.5 ms of ~5).
 */
export type ConflictCountsQuery = Omit<SessionBusyQuery, "instructorIds"> & { instructorIds: string[] | "everyone" };

/**
 * How many (session, Outlook event) conflicts each candidate has, counted in the database: the badge
 * of the assignment panel needs the number, not the rows (an instructor with a full diary has dozens
 * in a week-long course, and 500 of them would ship thousands). The verdict and the all-day placement
 * are lib/sync/conflict-rules.ts `externalVerdict` and `externalInterval` written as SQL
 * (conflict-counts.int.test.ts checks they agree). Instructors without conflicts are absent from the map.
 */
export async function sessionConflictCounts(
  db: DbOrTx,
  input: ConflictCountsQuery,
): Promise<Map<string, ConflictCount>> {
  if (input.instructorIds.length === 0 || input.sessions.length === 0) return new Map();
  const [row] = await preparedCounts(db, input).execute(placeholderValues(input));
  const counts = new Map<string, ConflictCount>();
  row?.instructorIds?.forEach((id, i) => {
    const count = Number(row.counts[i]);
    if (count > 0) counts.set(id, { count, tentative: Number(row.tentatives[i]) });
  });
  return counts;
}

type PreparedCounts = ReturnType<ReturnType<typeof countsQuery>["prepare"]>;
const statements = new WeakMap<DbOrTx, Map<string, PreparedCounts>>();

/**
 * The statement for this shape (how many sessions, which rules), built once per database handle with
 * placeholders for the values: the panel asks on every event page, and building the SQL cost more than
 * a tenth of the query; PostgreSQL parses the named statement once (it still plans each call for its
 * values, ~1 ms: a generic plan cannot know how few rows a range probe returns).
 */
function preparedCounts(db: DbOrTx, input: ConflictCountsQuery): PreparedCounts {
  const everyone = input.instructorIds === "everyone";
  const shape = `${everyone ? "everyone" : "some"}:${input.sessions.length}:${JSON.stringify(input.settings)}`;
  let byShape = statements.get(db);
  if (!byShape) statements.set(db, (byShape = new Map()));
  let prepared = byShape.get(shape);
  if (!prepared) {
    const bounds: Bounds = {
      sessions: input.sessions.map((_, i) => ({
        start: sql`${sql.placeholder(`start${i}`)}::timestamptz`,
        end: sql`${sql.placeholder(`end${i}`)}::timestamptz`,
      })),
      span: sql`tstzrange(${sql.placeholder("spanStart")}::timestamptz, ${sql.placeholder("spanEnd")}::timestamptz, '[)')`,
      instructorIds: everyone ? null : sql.placeholder("instructorIds"),
    };
    prepared = countsQuery(db, bounds, input.settings).prepare("session_conflict_counts");
    byShape.set(shape, prepared);
  }
  return prepared;
}

function placeholderValues(input: ConflictCountsQuery): Record<string, string> {
  const [spanStart, spanEnd] = sessionSpanBounds(input.sessions);
  const values: Record<string, string> = { spanStart: spanStart.toISOString(), spanEnd: spanEnd.toISOString() };
  if (input.instructorIds !== "everyone") values.instructorIds = uuidArray(input.instructorIds);
  input.sessions.forEach((s, i) => {
    values[`start${i}`] = s.start.toISOString();
    values[`end${i}`] = s.end.toISOString();
  });
  return values;
}

/** What the query is asked about: each session's bounds, their span, the candidates (a uuid[] literal; null: everyone). */
type Bounds = { sessions: { start: SQL; end: SQL }[]; span: SQL; instructorIds: Placeholder | string | null };

/** The candidates as one array parameter: hundreds of `$n` in an IN list cost more to parse and plan than the probes. */
const uuidArray = (ids: string[]) => `{${ids.join(",")}}`;

/**
 * The query itself, for EXPLAIN in tests. Timed events (98% of a real mirror) are read with index-only
 * scans whose INCLUDE columns carry the verdict: the short ones (nearly all) by a btree range on where
 * they start, once per session, so a row comes back once per session it overlaps and counting rows
 * counts pairs. The few longer than SHORT_EVENT_HOURS (GiST on `during`) and the all-day ones (stored at
 * their instructor's midnights, their own GiST) are read once over the sessions' span and counted per
 * session they overlap. All are summed per connection before the candidates are joined, so the joins see
 * one row per calendar instead of one per event (ARCHITECTURE.md, "Conflicts"; schema: external-events.ts).
 */
export function sessionConflictCountsQuery(db: DbOrTx, input: ConflictCountsQuery) {
  const [spanStart, spanEnd] = sessionSpanBounds(input.sessions);
  const bounds: Bounds = {
    sessions: input.sessions.map((session) => ({
      start: sql`${session.start.toISOString()}::timestamptz`,
      end: sql`${session.end.toISOString()}::timestamptz`,
    })),
    span: sql`tstzrange(${spanStart.toISOString()}::timestamptz, ${spanEnd.toISOString()}::timestamptz, '[)')`,
    instructorIds: input.instructorIds === "everyone" ? null : uuidArray(input.instructorIds),
  };
  return countsQuery(db, bounds, input.settings);
}

function countsQuery(db: DbOrTx, bounds: Bounds, settings: ConflictSettings) {
  const e = externalEvents;
  const tentative = sql<boolean>`(${e.showAs} = 'tentative' or ${e.response} = 'tentativelyAccepted')`.as("tentative");
  const blocking = blocksSql(settings);
  const ranges = bounds.sessions.map(({ start, end }) => sql`tstzrange(${start}, ${end}, '[)')`);
  const pairsFrom = (where: SQL | undefined) =>
    db
      .select({ connectionId: e.connectionId, pairs: sql<number>`1`.as("pairs"), tentative })
      .from(e)
      .where(and(where, blocking));
  // Per session, the short timed events that start in [start − SHORT_EVENT_HOURS, end) and end after
  // its start (the btree): a row per pair.
  const short = bounds.sessions.map(({ start, end }) => pairsFrom(shortOverlapSql(start, end)));
  // Long timed events (rare) and all-day ones (stored at their instructor's midnights, mirror.ts
  // `placeAllDayEvents`): one probe each over the sessions' span, each row counted once per session
  // its range overlaps.
  const pairsPerSession: SQL = sql.join(
    ranges.map((range) => sql`(${e.during} && ${range})::int`),
    sql` + `,
  );
  const overSpan = (where: SQL | undefined) =>
    db
      .select({ connectionId: e.connectionId, pairs: sql<number>`${pairsPerSession}`.as("pairs"), tentative })
      .from(e)
      .where(and(sql`${e.during} && ${bounds.span}`, where, blocking));
  const long = overSpan(timedLongSql(e));
  const allDay = overSpan(and(isNotNull(e.allDayStartDate), eq(e.isOurs, false)));
  const found = unionAll(allDay, long, ...short).as("found");
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
  // One row of three arrays, not a row per candidate: the driver and the ORM map every row's fields
  // (~0.4 ms of ~5 for 500 candidates). Null arrays when nobody has a conflict.
  return db
    .select({
      instructorIds: sql<string[] | null>`array_agg(${calendarConnections.instructorId})`,
      counts: sql<number[]>`array_agg(${perCalendar.count})`,
      tentatives: sql<number[]>`array_agg(${perCalendar.tentative})`,
    })
    .from(perCalendar)
    .innerJoin(calendarConnections, eq(calendarConnections.id, perCalendar.connectionId))
    .where(
      bounds.instructorIds === null
        ? undefined
        : sql`${calendarConnections.instructorId} = any(${bounds.instructorIds}::uuid[])`,
    );
}

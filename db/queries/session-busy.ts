import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { ConflictSettings } from "@/lib/sync/conflict-settings";
import { calendarConnections, externalEvents } from "../schema";
import type { DbOrTx } from "../types";
import type { BusyInterval } from "./busy-intervals";

export type SessionBusyQuery = {
  instructorIds: string[];
  sessions: { start: Date; end: Date }[];
  /** What the organisation's rules rule out for sure is left in the database. */
  settings: ConflictSettings;
};

/**
 * Mirrored Outlook events of many instructors overlapping any of an event's sessions, in one query:
 * each (connection, session) pair is one probe of the GiST index on (connection_id, during), so a week
 * of five 8-hour sessions reads only what touches those hours, not the whole week. Our own entries,
 * and what the settings say never conflicts (cancelled, declined, free), stay in the database.
 */
export async function sessionBusyIntervals(db: DbOrTx, input: SessionBusyQuery): Promise<BusyInterval[]> {
  if (input.instructorIds.length === 0 || input.sessions.length === 0) return [];
  const rows = await sessionBusyQuery(db, input);
  // An event overlapping two sessions comes once per session.
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map(({ id: _, ...row }) => row);
}

/** The query itself, for EXPLAIN in tests. */
export function sessionBusyQuery(db: DbOrTx, input: SessionBusyQuery) {
  const ranges = sql.join(
    input.sessions.map(
      (s) => sql`(tstzrange(${s.start.toISOString()}::timestamptz, ${s.end.toISOString()}::timestamptz, '[)'))`,
    ),
    sql`, `,
  );
  const ruledOut: SQL[] = [eq(externalEvents.isOurs, false)];
  if (!input.settings.cancelled) ruledOut.push(eq(externalEvents.isCancelled, false));
  if (!input.settings.declined) ruledOut.push(sql`${externalEvents.response} is distinct from 'declined'`);
  if (!input.settings.free) ruledOut.push(sql`${externalEvents.showAs} <> 'free'`);
  // LATERAL: one parameterised probe of the GiST index per (connection, session), whatever the planner
  // thinks of the table's size.
  const hits = db
    .select({
      id: externalEvents.id,
      startsAt: externalEvents.startsAt,
      endsAt: externalEvents.endsAt,
      allDayStartDate: externalEvents.allDayStartDate,
      allDayEndDate: externalEvents.allDayEndDate,
      showAs: externalEvents.showAs,
      response: externalEvents.response,
      isCancelled: externalEvents.isCancelled,
      isPrivate: externalEvents.isPrivate,
      title: externalEvents.title,
    })
    .from(externalEvents)
    .where(
      and(
        sql`${externalEvents.connectionId} = calendar_connections.id`,
        sql`${externalEvents.during} && session_ranges.during`,
        ...ruledOut,
      ),
    )
    // OFFSET 0 keeps PostgreSQL from flattening the LATERAL into a hash join over the whole table;
    // drizzle drops a numeric 0, so it goes in as SQL.
    .offset(sql`0` as unknown as number)
    .as("hits");
  return db
    .select({
      id: hits.id,
      instructorId: calendarConnections.instructorId,
      startsAt: hits.startsAt,
      endsAt: hits.endsAt,
      allDayStartDate: hits.allDayStartDate,
      allDayEndDate: hits.allDayEndDate,
      showAs: hits.showAs,
      response: hits.response,
      isCancelled: hits.isCancelled,
      isPrivate: hits.isPrivate,
      title: sql<
        string | null
      >`case when ${calendarConnections.privacyMode} = 'full_private' then null else ${hits.title} end`,
      privacyMode: calendarConnections.privacyMode,
    })
    .from(calendarConnections)
    .crossJoin(sql`(values ${ranges}) as session_ranges(during)`)
    .innerJoinLateral(hits, sql`true`)
    .where(inArray(calendarConnections.instructorId, input.instructorIds))
    .orderBy(asc(calendarConnections.instructorId), asc(hits.startsAt));
}

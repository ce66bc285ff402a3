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

const DAY = 24 * 3_600_000;

/**
 * The one range the mirror is probed with for an event: its sessions' span, a day either side. The
 * margin keeps all-day events whose stored midnights are from an earlier home zone (the rules place
 * them in the instructor's current zone, lib/sync/conflict-rules.ts).
 */
export function sessionSpan(sessions: { start: Date; end: Date }[]): SQL {
  const from = new Date(Math.min(...sessions.map((s) => s.start.getTime())) - DAY);
  const to = new Date(Math.max(...sessions.map((s) => s.end.getTime())) + DAY);
  return sql`tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`;
}

export function sessionRanges(sessions: { start: Date; end: Date }[]): SQL[] {
  return sessions.map(
    (s) => sql`tstzrange(${s.start.toISOString()}::timestamptz, ${s.end.toISOString()}::timestamptz, '[)')`,
  );
}

/** Our own entries, and what the settings say never conflicts (cancelled, declined, free): left in the database. */
export function ruledOutBySettings(settings: ConflictSettings): SQL[] {
  const kept: SQL[] = [eq(externalEvents.isOurs, false)];
  if (!settings.cancelled) kept.push(eq(externalEvents.isCancelled, false));
  if (!settings.declined) kept.push(sql`${externalEvents.response} is distinct from 'declined'`);
  if (!settings.free) kept.push(sql`${externalEvents.showAs} <> 'free'`);
  return kept;
}

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
  return db
    .select({
      instructorId: calendarConnections.instructorId,
      startsAt: externalEvents.startsAt,
      endsAt: externalEvents.endsAt,
      allDayStartDate: externalEvents.allDayStartDate,
      allDayEndDate: externalEvents.allDayEndDate,
      showAs: externalEvents.showAs,
      response: externalEvents.response,
      isCancelled: externalEvents.isCancelled,
      isPrivate: externalEvents.isPrivate,
      title: sql<
        string | null
      >`case when ${calendarConnections.privacyMode} = 'full_private' then null else ${externalEvents.title} end`,
      privacyMode: calendarConnections.privacyMode,
    })
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
        ...ruledOutBySettings(input.settings),
      ),
    )
    .orderBy(asc(calendarConnections.instructorId), asc(externalEvents.startsAt));
}

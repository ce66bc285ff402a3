import { sql, type SQL } from "drizzle-orm";
import type { ConflictSettings } from "@/lib/sync/conflict-settings";
import { externalEvents, instructors, shortEventInterval, timedShortSql } from "../schema";

/**
 * The conflict rules' SQL side, shared by the mirror's conflict queries (session-busy.ts,
 * conflict-counts.ts): the event's span and sessions as ranges, and lib/sync/conflict-rules.ts
 * `externalVerdict` / `externalInterval` as expressions (conflict-counts.int.test.ts checks that they
 * agree with the pure rules on random mirrors and settings).
 */

/**
 * The sessions' span, from the first start to the last end: the range all-day (and long) mirror rows
 * are probed with. It needs no margin: all-day rows are stored at the midnights of their instructor's
 * current home zone (db/queries/mirror.ts `placeAllDayEvents`), where the rules place them.
 */
export function sessionSpan(sessions: { start: Date; end: Date }[]): SQL {
  const [from, to] = sessionSpanBounds(sessions);
  return sql`tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`;
}

export function sessionSpanBounds(sessions: { start: Date; end: Date }[]): [from: Date, to: Date] {
  return [
    new Date(Math.min(...sessions.map((s) => s.start.getTime()))),
    new Date(Math.max(...sessions.map((s) => s.end.getTime()))),
  ];
}

export function sessionRanges(sessions: { start: Date; end: Date }[]): SQL[] {
  return sessions.map(
    (s) => sql`tstzrange(${s.start.toISOString()}::timestamptz, ${s.end.toISOString()}::timestamptz, '[)')`,
  );
}

/**
 * A short timed event (schema: `timedShortSql`) overlapping [start, end): it can only have started in
 * [start − SHORT_EVENT_HOURS, end), a btree range on starts_at, and must end after start.
 */
export function shortOverlapSql(start: SQL, end: SQL): SQL {
  const e = externalEvents;
  return sql`${e.startsAt} >= ${start} - ${shortEventInterval} and ${e.startsAt} < ${end} and ${e.endsAt} > ${start} and ${timedShortSql(e)}`;
}

const bool = (value: boolean) => sql.raw(value ? "true" : "false");

/** `externalVerdict(item, settings).blocks` (conflict-rules.ts), for a mirror row. */
export function blocksSql(s: ConflictSettings): SQL {
  const e = externalEvents;
  return sql`(case
    when ${e.isCancelled} then ${bool(s.cancelled)}
    when ${e.response} = 'declined' then ${bool(s.declined)}
    when ${e.showAs} = 'free' then ${bool(s.free)} and (${e.allDayStartDate} is null or ${bool(s.freeAllDay)})
    when ${e.showAs} = 'tentative' then ${bool(s.tentative)}
    when ${e.showAs} = 'oof' then ${bool(s.oof)}
    when ${e.showAs} = 'workingElsewhere' then ${bool(s.workingElsewhere)}
    when ${e.response} = 'tentativelyAccepted' then ${bool(s.tentative)}
    else true end)`;
}

/** `externalInterval` of an all-day row: its dates in the instructor's zone (needs `instructors` joined). */
export function allDayIntervalSql(): SQL {
  const e = externalEvents;
  return sql`tstzrange(${e.allDayStartDate}::timestamp at time zone ${instructors.timeZone},
      ${e.allDayEndDate}::timestamp at time zone ${instructors.timeZone}, '[)')`;
}

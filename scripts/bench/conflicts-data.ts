import { asc, like, sql } from "drizzle-orm";
import { instructors } from "@/db/schema";
import type { Db } from "@/db/types";

/**
 * The conflicts benchmark's data: instructors with connected, freshly pulled calendars and a mirror
 * that looks like real Outlook calendars, so the conflict query sees the rows it would see in use.
 *
 * The distribution (per instructor, over the pull window: ~12 months ahead plus a month's look-back):
 * - ≈2,000 events (the full run's 1,000,000 / 500), i.e. 6–7 meetings on a working day;
 * - 98% timed meetings, 93% of them on Monday–Friday between 08:00 and 17:15 local (start times peak
 *   around midday), the rest at weekends between 09:00 and 19:45; lengths 30 min (35%), 45 (10%),
 *   60 (35%), 90 (12%), 2 h (5%), 3 h (3%);
 * - 1.5% all-day events (holidays, out-of-office days, reminders; 40% of them shown as free) and 0.5%
 *   multi-day all-day ones of 2–10 days (leave, conferences), stored as local midnights in the
 *   instructor's zone with their dates, as Pull maps them;
 * - timed ones shown as busy 75%, tentative 10%, free 10%, working elsewhere 3%, out of office 2%;
 *   responses organiser 30%, accepted 50%, tentatively accepted 7%, declined 5%, not responded 8%;
 *   2% cancelled, 10% private, 40% occurrences of a series; titles of everyday lengths;
 * - instructors in London, Berlin, New York and Singapore in turn;
 * - rows in the heap per instructor, in start order, as a baseline pull's calendarView pages write them.
 * Random but repeatable (setseed). `weeks` shortens the window (quick mode) at the same density.
 */
export type BenchData = { tag: string; instructorIds: string[]; events: number };

const progress = (line: string) => process.stderr.write(`[conflicts bench] ${line}\n`);

export const benchWindowStart = "2025-12-01"; // a Monday: a month's look-back before 2026
const zones = ["Europe/London", "Europe/Berlin", "America/New_York", "Asia/Singapore"];

export async function seedConflictsBench(
  db: Db,
  opts: { instructors: number; eventsPerInstructor: number; weeks: number; windowStart?: string },
): Promise<BenchData> {
  const tag = Date.now().toString(36);
  const start = opts.windowStart ?? benchWindowStart;
  await db.execute(sql`
    insert into instructors (name, email, time_zone)
    select 'Bench ' || ${tag} || ' ' || lpad(n::text, 4, '0'), 'bench-' || ${tag} || '-' || n || '@bench.test',
      (${sql.raw(`array[${zones.map((z) => `'${z}'`).join(",")}]`)})[1 + n % ${zones.length}]
    from generate_series(1, ${opts.instructors}) n`);
  await db.execute(sql`
    insert into calendar_connections (instructor_id, status, privacy_mode)
    select id, 'connected', 'default' from instructors where email like ${`bench-${tag}-%`}`);
  await db.execute(sql`
    insert into sync_runs (connection_id, trigger, kind, status, finished_at)
    select c.id, 'hourly', 'pull', 'succeeded', now() from calendar_connections c
    join instructors i on i.id = c.instructor_id where i.email like ${`bench-${tag}-%`}`);
  // In slices of instructors, so PGlite's memory stays bounded.
  const slice = 25;
  for (let from = 1; from <= opts.instructors; from += slice)
    await db.transaction(async (tx) => {
      await tx.execute(sql`select setseed(${(from % 997) / 1000})`);
      await tx.execute(mirrorSlice(tag, start, opts.weeks, opts.eventsPerInstructor, from, from + slice - 1));
    });
  await db.execute(sql`vacuum analyze external_events`);
  // Write the bulk load's ~400 MB of dirty pages out now: otherwise the server's next checkpoint flushes
  // them while the queries are timed, and the p95 measures the disk, not the query. Needs a superuser
  // (or pg_checkpoint); without one the figures carry that noise.
  await db.execute(sql`checkpoint`).catch(() => progress("checkpoint refused (not a superuser)"));
  const rows = await db
    .select({ id: instructors.id })
    .from(instructors)
    .where(like(instructors.email, `bench-${tag}-%`))
    .orderBy(asc(instructors.name));
  return { tag, instructorIds: rows.map((r) => r.id), events: opts.instructors * opts.eventsPerInstructor };
}

function mirrorSlice(tag: string, start: string, weeks: number, per: number, from: number, to: number) {
  return sql`
    with conns as (
      select c.id, i.time_zone tz, row_number() over (order by i.name) n
      from calendar_connections c join instructors i on i.id = c.instructor_id
      where i.email like ${`bench-${tag}-%`}),
    draws as (
      select conns.id, conns.tz, g, random() kind, random() workday, random() r_day, random() t1, random() t2,
        random() len, random() status, random() resp, random() flags, random() span
      from conns, generate_series(1, ${per}) g where conns.n between ${from} and ${to}),
    shaped as (
      select *,
        case when kind < 0.015 then 'allday' when kind < 0.02 then 'multiday' else 'timed' end as shape,
        case
          when kind < 0.02 then ${start}::date + floor(r_day * ${weeks * 7})::int
          when workday < 0.93 then ${start}::date + (floor(r_day * ${weeks * 5})::int / 5) * 7 + floor(r_day * ${weeks * 5})::int % 5
          else ${start}::date + (floor(r_day * ${weeks * 2})::int / 2) * 7 + 5 + floor(r_day * ${weeks * 2})::int % 2
        end as on_date
      from draws),
    timed as (
      select *,
        case when shape = 'timed' and workday < 0.93
          then time '08:00' + floor((t1 + t2) / 2 * 38) * interval '15 minutes'
          else time '09:00' + floor(t1 * 44) * interval '15 minutes' end as local_start,
        case when len < 0.35 then 30 when len < 0.45 then 45 when len < 0.80 then 60
          when len < 0.92 then 90 when len < 0.97 then 120 else 180 end as minutes,
        case when shape = 'multiday' then 2 + floor(span * 9)::int else 1 end as days
      from shaped)
    insert into external_events (connection_id, graph_id, series_master_id, type, starts_at, ends_at,
      all_day_start_date, all_day_end_date, show_as, response, is_cancelled, is_private, title)
    select id, 'g' || g,
      case when shape = 'timed' and flags >= 0.6 then 'series-' || (g % 60) end,
      (case when shape = 'timed' and flags >= 0.6 then 'occurrence' else 'singleInstance' end)::external_event_type,
      case when shape = 'timed' then (on_date + local_start) at time zone tz else on_date::timestamp at time zone tz end,
      case when shape = 'timed' then (on_date + local_start + minutes * interval '1 minute') at time zone tz
        else (on_date + days)::timestamp at time zone tz end,
      case when shape <> 'timed' then on_date end,
      case when shape <> 'timed' then on_date + days end,
      (case
        when shape = 'timed' then case when status < 0.75 then 'busy' when status < 0.85 then 'tentative'
          when status < 0.95 then 'free' when status < 0.98 then 'workingElsewhere' else 'oof' end
        when shape = 'allday' then case when status < 0.40 then 'free' when status < 0.75 then 'oof'
          when status < 0.90 then 'workingElsewhere' else 'busy' end
        else case when status < 0.6 then 'oof' when status < 0.8 then 'busy' else 'workingElsewhere' end
      end)::free_busy_status,
      (case when resp < 0.30 then 'organizer' when resp < 0.80 then 'accepted' when resp < 0.87 then 'tentativelyAccepted'
        when resp < 0.92 then 'declined' else 'notResponded' end)::event_response,
      flags < 0.02, flags >= 0.02 and flags < 0.12,
      (array['Weekly team sync','1:1 with line manager','Customer onboarding call','Course prep: module 3',
        'Quarterly planning','Lunch','Dentist','Trainer community of practice','Sales hand-over','Focus time'])[1 + g % 10]
    from timed
    order by id, on_date, local_start`;
}

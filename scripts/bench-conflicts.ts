/**
 * Conflicts benchmark (issue 13): N instructors with connected calendars, M mirrored Outlook events over a
 * year, and an event with 5 sessions. Prints the conflict range query's p50/p95 with the GiST index and with
 * index scans turned off (the same query, sequential), then the server render time of the assignment panel
 * and of a 4-week availability view of every instructor.
 *   npm run bench:conflicts -- [--instructors 500] [--events 1000000] [--runs 50]
 * PostgreSQL when DATABASE_URL is set (use a database of its own: it is filled), else an in-memory PGlite.
 */
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { like, sql } from "drizzle-orm";
import { instructors } from "@/db/schema";
import type { ActionResult } from "@/lib/errors";
import { openPglite, openPostgres } from "@/db/open";
import { availabilityPage } from "@/db/queries/availability";
import { busyIntervals } from "@/db/queries/busy-intervals";
import { eventConflictBoard } from "@/db/queries/event-conflicts";
import { sessionBusyIntervals } from "@/db/queries/session-busy";
import { defaultConflictSettings } from "@/lib/sync/conflict-settings";
import { makeEvent } from "@/db/testing/factories";
import { AssignmentPanel } from "@/components/events/assignment-panel";
import { panelRow } from "@/components/events/conflict-view";
import { AvailabilityGrid } from "@/components/availability/availability-grid";
import { dayColumns, gridParams, gridRow } from "@/components/availability/availability-view";
import { testContext } from "@/lib/testing/test-context";

const { values } = parseArgs({
  options: {
    instructors: { type: "string", default: "500" },
    events: { type: "string", default: "1000000" },
    runs: { type: "string", default: "50" },
  },
});
const instructorCount = Number(values.instructors);
const eventCount = Number(values.events);
const runs = Number(values.runs);
const url = process.env.DATABASE_URL;
const opened = url ? await openPostgres(url, { max: 2 }) : await openPglite();
const { db } = opened;
const ctx = testContext({ db });

const time = async (label: string, fn: () => Promise<unknown>) => {
  const start = performance.now();
  await fn();
  const ms = performance.now() - start;
  console.log(`${label}: ${(ms / 1000).toFixed(1)} s`);
};
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
async function measure(fn: () => Promise<unknown>, times = runs) {
  await fn(); // warm
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

const tag = Date.now().toString(36);
await time(`${instructorCount} instructors with calendars`, async () => {
  await db.execute(sql`
    insert into instructors (name, email, time_zone)
    select 'Bench ' || ${tag} || ' ' || lpad(n::text, 4, '0'), 'bench-' || ${tag} || '-' || n || '@bench.test',
      (array['Europe/London','America/New_York','Asia/Singapore','Europe/Berlin'])[1 + n % 4]
    from generate_series(1, ${instructorCount}) n`);
  await db.execute(sql`
    insert into calendar_connections (instructor_id, status, privacy_mode)
    select id, 'connected', 'default' from instructors where email like ${`bench-${tag}-%`}`);
  await db.execute(sql`
    insert into sync_runs (connection_id, trigger, kind, status, finished_at)
    select c.id, 'schedule', 'pull', 'succeeded', now() from calendar_connections c
    join instructors i on i.id = c.instructor_id where i.email like ${`bench-${tag}-%`}`);
});
const perInstructor = Math.ceil(eventCount / instructorCount);
const yearStart = "2026-01-01T00:00:00Z";
await time(`${perInstructor * instructorCount} mirrored events`, async () => {
  // In slices, so PGlite's memory stays bounded.
  const slice = 50;
  for (let from = 1; from <= instructorCount; from += slice)
    await db.execute(sql`
      insert into external_events (connection_id, graph_id, type, starts_at, ends_at, show_as, response, title)
      select c.id, 'g' || g, 'singleInstance',
        ${yearStart}::timestamptz + (g * interval '365 days' / ${perInstructor}),
        ${yearStart}::timestamptz + (g * interval '365 days' / ${perInstructor}) + ((30 + g % 4 * 30) * interval '1 minute'),
        (array['busy','busy','busy','tentative','free','oof'])[1 + g % 6]::free_busy_status, 'organizer', 'Meeting ' || g
      from (select c.id, row_number() over (order by c.id) n from calendar_connections c
            join instructors i on i.id = c.instructor_id where i.email like ${`bench-${tag}-%`}) c,
        generate_series(1, ${perInstructor}) g
      where c.n between ${from} and ${from + slice - 1}`);
  await db.execute(sql`analyze external_events`);
});
const event = await makeEvent(ctx, {
  sessions: [1, 2, 3, 4, 5].map((d) => ({ start: `2026-06-0${d}T09:00`, end: `2026-06-0${d}T17:00` })),
});
const ids = (
  await db
    .select({ id: instructors.id })
    .from(instructors)
    .where(like(instructors.email, `bench-${tag}-%`))
).map((r) => r.id);
const sessions = event.sessions.map((s) => ({ start: s.startsAt, end: s.endsAt }));
const query = () => sessionBusyIntervals(db, { instructorIds: ids, sessions, settings: defaultConflictSettings });
console.log(`range query returns ${(await query()).length} rows for ${ids.length} instructors`);

const indexed = await measure(query);
// Without the range index the best the database can do is one pass over the table (a plain join on the
// sessions' span, index scans off); the LATERAL form would scan it once per (connection, session).
const span = {
  from: new Date(Math.min(...sessions.map((s) => s.start.getTime()))),
  to: new Date(Math.max(...sessions.map((s) => s.end.getTime()))),
};
const sequential = await measure(
  () =>
    db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_indexscan = off`);
      await tx.execute(sql`set local enable_bitmapscan = off`);
      await busyIntervals(tx, { instructorIds: ids, ...span, blockingOnly: true });
    }),
  5,
);
const kind = opened.kind === "postgres" ? "PostgreSQL" : "PGlite";
const ms = (n: number) => `${n.toFixed(1)} ms`;
console.log(`\n${kind}, ${instructorCount} instructors, ${perInstructor * instructorCount} events, ${runs} runs`);
console.log(`conflict query, GiST index:  p50 ${ms(indexed.p50)}  p95 ${ms(indexed.p95)}`);
console.log(`without the index (5 runs): p50 ${ms(sequential.p50)}  p95 ${ms(sequential.p95)}`);
console.log(`speed-up at p50: ${(sequential.p50 / indexed.p50).toFixed(0)}×`);

const panel = await measure(async () => {
  const board = (await eventConflictBoard(db, { eventId: event.event.id, now: new Date() }))!;
  renderToString(
    createElement(AssignmentPanel, {
      rows: board.candidates.map((c) => panelRow(c, board.detail.timeZone)),
      assign: async (): Promise<ActionResult> => ({ ok: true }),
      unassign: async () => {},
      locked: false,
    }),
  );
});
const params = gridParams({ tz: "Europe/London", start: "2026-06-01", view: "4weeks" }, new Date());
const days = dayColumns(params);
const availability = await measure(async () => {
  const page = await availabilityPage(db, {
    from: days[0]!.start,
    to: days[days.length - 1]!.end,
    now: new Date(),
    search: `Bench ${tag}`,
    page: 0,
    pageSize: instructorCount,
  });
  renderToString(createElement(AvailabilityGrid, { days, rows: page.rows.map((r) => gridRow(r, days, params.zone)) }));
});
console.log(`assignment panel (read model + render): p50 ${ms(panel.p50)}  p95 ${ms(panel.p95)}`);
console.log(
  `4-week availability, ${instructorCount} instructors: p50 ${ms(availability.p50)}  p95 ${ms(availability.p95)}`,
);
await opened.close();

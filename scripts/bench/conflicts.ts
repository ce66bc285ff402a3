/**
 * Conflicts benchmark (issue 13). 500 instructors with connected calendars and a realistic mirror
 * (conflicts-data.ts: ≈2,000 Outlook events each over ~13 months, 1,000,000 in all), and a course of
 * five 8-hour sessions (Mon–Fri, London). For PostgreSQL (CONFLICTS_BENCH_POSTGRES_URL or DATABASE_URL:
 * a database of its own is made beside it and dropped after) and for an in-memory PGlite it prints:
 * - the panel's conflict query (every candidate's conflict count, conflict-counts.ts) p50/p95 and its
 *   fastest run (what it costs when not queueing for a CPU on a loaded machine), beside the same
 *   query with the range indexes dropped (in a transaction rolled back afterwards) and the speed-up;
 *   for context, the counts as best written for a table without range indexes (one pass,
 *   conflicts-baseline.ts) with index scans off; all three must find the same number of conflicts;
 * - the full conflict rows for every candidate (the conflicts API, session-busy.ts);
 * - the server render time of the assignment panel and of the 4-week availability page with all 500
 *   (virtualised: the rows in view are drawn, the rest is sent as data; its size is printed).
 * Quick mode (CI): fewer runs; PGlite over an 8-week window at the same density (≈143,000 events).
 *   npm run bench:conflicts [-- --quick]
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import postgres from "postgres";
import { sql, TransactionRollbackError, type SQLWrapper } from "drizzle-orm";
import type { ActionResult } from "@/lib/errors";
import { openPglite, openPostgres, type OpenedDb } from "@/db/open";
import type { Db, DbOrTx } from "@/db/types";
import { sessionConflictCounts, sessionConflictCountsQuery } from "@/db/queries/conflict-counts";
import { eventConflictSummary } from "@/db/queries/event-conflicts";
import { sessionBusyIntervals } from "@/db/queries/session-busy";
import { defaultConflictSettings } from "@/lib/sync/conflict-settings";
import { makeEvent, makeLocation } from "@/db/testing/factories";
import { AssignmentPanel } from "@/components/events/assignment-panel";
import { panelRow } from "@/components/events/conflict-view";
import { AvailabilityGrid } from "@/components/availability/availability-grid";
import { dayColumns, gridParams } from "@/components/availability/availability-view";
import { AVAILABILITY_CHUNK } from "@/components/availability/availability-chunk";
import { availabilityFirstPaint, availabilityRows } from "@/components/availability/load-availability";
import { testContext } from "@/lib/testing/test-context";
import { onePassConflictCountsQuery } from "./conflicts-baseline";
import { seedConflictsBench } from "./conflicts-data";

export type BenchRow = { section: string; metric: string; value: string; target?: string; ok?: boolean };

const section = "conflicts";
/** Progress goes to stderr, so a long run shows where it is and the rows stay the output. */
const progress = (line: string) => process.stderr.write(`[conflicts bench] ${line}\n`);
// The conflict query is timed over more runs (`queryRuns`) than the slower reads: its p95 is a target.
const full = { instructors: 500, eventsPerInstructor: 2000, weeks: 56, queryRuns: 300, runs: 50, baselineRuns: 5 };
// PostgreSQL seeds the full 1,000,000 in about a minute, so its quick run keeps the issue's size with
// fewer runs of the slow baselines. PGlite (single process) gets the same instructors and density over
// 8 weeks around the course: the same rows answer the query.
const quickPostgres = { ...full, queryRuns: 200, runs: 40, baselineRuns: 2 };
const quickPglite = {
  ...full,
  eventsPerInstructor: 286,
  weeks: 8,
  windowStart: "2026-05-04",
  queryRuns: 50,
  runs: 20,
  baselineRuns: 2,
};
/** CI's smoke run: every step of the section at a size that only proves it runs. */
const smokeSize = { ...quickPglite, instructors: 40, eventsPerInstructor: 40, queryRuns: 5, runs: 3, baselineRuns: 1 };
/** The issue's size: the speed-up target is stated for it. */
const targetEvents = 1_000_000;

type Size = typeof full & { windowStart?: string };

export async function runConflictsBench(opts: { quick: boolean; smoke?: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [
    { section, metric: "machine", value: `${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)} at start` },
  ];
  const load = () => ({ section, metric: "machine", value: `load ${os.loadavg()[0]!.toFixed(1)} at the end` });
  const url = process.env.CONFLICTS_BENCH_POSTGRES_URL ?? process.env.DATABASE_URL;
  if (url)
    rows.push(
      ...(await withBenchDatabase(url, (db) =>
        benchOn(db, "PostgreSQL", opts.smoke ? smokeSize : opts.quick ? quickPostgres : full, opts),
      )),
    );
  const pglite = await openPglite();
  try {
    rows.push(...(await benchOn(pglite, "PGlite", opts.smoke ? smokeSize : opts.quick ? quickPglite : full, opts)));
  } finally {
    await pglite.close();
  }
  rows.push(load());
  return rows;
}

async function benchOn(opened: OpenedDb, kind: string, size: Size, opts: { quick: boolean; smoke?: boolean }) {
  const { db } = opened;
  const out: BenchRow[] = [];
  const row = (metric: string, value: string, target?: string, ok?: boolean) =>
    out.push({ section, metric: `${kind}: ${metric}`, value, ...(target ? { target, ok } : {}) });
  progress(`${kind}: seeding`);
  const seedStart = performance.now();
  const data = await seedConflictsBench(db, size);
  row(
    "data",
    `${size.instructors} instructors, ${data.events.toLocaleString("en")} events, seeded in ${seconds(seedStart)}`,
  );

  const ctx = testContext({ db });
  const location = await makeLocation(ctx, { timeZone: "Europe/London" });
  const course = await makeEvent(ctx, {
    locationId: location.id,
    sessions: [1, 2, 3, 4, 5].map((d) => ({ start: `2026-06-0${d}T09:00`, end: `2026-06-0${d}T17:00` })),
  });
  const input = {
    instructorIds: data.instructorIds,
    sessions: course.sessions.map((s) => ({ start: s.startsAt, end: s.endsAt })),
    settings: defaultConflictSettings,
  };
  // As the panel asks (event-conflicts.ts): for everyone, the bench's 500 instructors.
  const panelInput = { ...input, instructorIds: "everyone" as const };
  const counts = () => sessionConflictCounts(db, panelInput);
  const onePass = async (on: DbOrTx) => {
    const rows = await onePassConflictCountsQuery(on, input);
    return rows.reduce((n, r) => n + r.count, 0);
  };
  const found = sum(await counts());
  const detail = await sessionBusyIntervals(db, input);
  row(
    "answer",
    `${found.toLocaleString("en")} conflicts (counts); ${detail.length.toLocaleString("en")} mirror rows (detail)`,
  );
  const baselineFound = await withoutIndexes(db, onePass);
  if (baselineFound !== found) throw new Error(`baseline found ${baselineFound} conflicts, the panel's query ${found}`);
  const sameFound = await withoutRangeIndexes(db, async (tx) => sum(await sessionConflictCounts(tx, panelInput)));
  if (sameFound !== found) throw new Error(`without the range indexes ${sameFound} conflicts, with them ${found}`);

  progress(`${kind}: ${seconds(seedStart)} in, measuring the conflict query`);
  const plan = await mirrorScans(db, sessionConflictCountsQuery(db, panelInput));
  const samePlan = await withoutRangeIndexes(db, (tx) => mirrorScans(tx, sessionConflictCountsQuery(tx, panelInput)));
  const baselinePlan = await withoutIndexes(db, (tx) => mirrorScans(tx, onePassConflictCountsQuery(tx, input)));
  row("plans: the panel's query", plan);
  row("plans: the same query without the range indexes", samePlan);
  row("plans: one pass, index scans off", baselinePlan);
  const indexed = await measure(() => counts(), size.queryRuns, { warm: true, warmPool: true });
  const same = await measure(
    () => withoutRangeIndexes(db, (tx) => sessionConflictCounts(tx, panelInput)),
    size.baselineRuns,
  );
  const baseline = await measure(() => withoutIndexes(db, onePass), size.baselineRuns);
  // The issue sets the 10 ms for PostgreSQL; PGlite's figure is printed beside it.
  const p95 = `${ms(indexed.p50)} / ${ms(indexed.p95)} (${ms(indexed.min)})`;
  if (opened.kind === "postgres") row("conflict query p50 / p95 (fastest)", p95, "p95 ≤ 10 ms", indexed.p95 <= 10);
  else row("conflict query p50 / p95 (fastest)", p95);
  row("same query without the range indexes p50 / p95", `${ms(same.p50)} / ${ms(same.p95)} (${ms(same.min)})`);
  const speedUp = same.p50 / indexed.p50;
  const speedUpText = `${speedUp.toFixed(0)}× (${(same.min / indexed.min).toFixed(0)}×)`;
  // Without the index the query reads the whole mirror, with it only the answer: the ratio depends on
  // the mirror's size, and the target is stated for 1,000,000 events.
  if (data.events >= targetEvents) row("speed-up at p50 (fastest)", speedUpText, "≥ 50×", speedUp >= 50);
  else
    row(`speed-up at p50 (fastest; the ≥ 50× target is for ${targetEvents.toLocaleString("en")} events)`, speedUpText);
  // For context: the counts as best written for a table without range indexes (one pass), not a target.
  row(
    "one pass written for no range index (index scans off) p50 / p95",
    `${ms(baseline.p50)} / ${ms(baseline.p95)} (${ms(baseline.min)}), ${(baseline.p50 / indexed.p50).toFixed(0)}× the panel's query`,
  );
  const rowsQuery = await measure(() => sessionBusyIntervals(db, input), Math.ceil(size.runs / 2));
  row("conflict rows for every candidate (API) p50 / p95", `${ms(rowsQuery.p50)} / ${ms(rowsQuery.p95)}`);

  progress(`${kind}: rendering the panel and the availability view`);
  const panel = await measure(async () => {
    const board = (await eventConflictSummary(db, { eventId: course.event.id, now: new Date() }))!;
    // The panel polls its Outlook column through TanStack Query, as under the app's providers.
    renderToString(
      createElement(
        QueryClientProvider,
        { client: new QueryClient() },
        createElement(AssignmentPanel, {
          rows: board.candidates.map((c) => panelRow(c, board.detail.timeZone)),
          assign: async (): Promise<ActionResult> => ({ ok: true }),
          unassign: async () => {},
          loadConflicts: async () => [],
          locked: false,
        }),
      ),
    );
  }, size.runs);
  row("assignment panel, read + render, p50 / p95", `${ms(panel.p50)} / ${ms(panel.p95)}`);

  const params = gridParams({ tz: "Europe/London", start: "2026-06-01", view: "4weeks" }, new Date());
  const days = dayColumns(params);
  // What /availability does with all 500 on one page: everyone's name and the first chunk's busy time,
  // shaped, the virtualised grid rendered, and the props serialised as the browser gets them (JSON stands
  // in for React's payload); then each further chunk as it scrolls into view.
  const query = { ...params, search: `Bench ${data.tag}` };
  let sent = 0;
  const firstPaint = async () => {
    const { people, rows } = await availabilityFirstPaint(db, query, new Date());
    const props = { days, people, firstRows: rows };
    const html = renderToString(createElement(AvailabilityGrid, { ...props, loadRows: async () => [] }));
    sent = html.length + JSON.stringify(props).length;
  };
  const nextChunk = async () => {
    sent = JSON.stringify(await availabilityRows(db, query, 1, new Date())).length;
  };
  const kb = (n: number) => `${Math.round(n / 1000)} kB`;
  const first = await measure(firstPaint, opts.smoke ? 2 : opts.quick ? 10 : 30);
  const label = `4-week availability of all ${size.instructors} on one page (virtualised), read + render, p50 / p95`;
  const value = `${ms(first.p50)} / ${ms(first.p95)} (${ms(first.min)}), ${kb(sent)} sent`;
  if (opened.kind === "postgres") row(label, value, "p95 ≤ 300 ms", first.p95 <= 300);
  else row(label, value);
  const chunk = await measure(nextChunk, opts.smoke ? 2 : opts.quick ? 10 : 30);
  row(
    `  each further ${AVAILABILITY_CHUNK} rows as they scroll into view, p50 / p95`,
    `${ms(chunk.p50)} / ${ms(chunk.p95)}, ${kb(sent)} sent`,
  );
  return out;
}

/** The mirror's range indexes: what "without the range index" takes away. */
const rangeIndexes = [
  "external_events_short_starts_idx",
  "external_events_long_during_idx",
  "external_events_all_day_during_idx",
  "external_events_connection_during_idx",
];

/**
 * Runs `fn` in a transaction that drops the range indexes, then rolls it back: the issue's "same query
 * without the range index", planned and run by the database as it would be without them (the other
 * indexes, e.g. primary keys, stay). It holds the table's exclusive lock meanwhile: the bench's own
 * database only.
 */
async function withoutRangeIndexes<T>(db: Db, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await db.transaction(async (tx) => {
      for (const name of rangeIndexes) await tx.execute(sql.raw(`drop index ${name}`));
      result = { value: await fn(tx) };
      tx.rollback();
    });
  } catch (error) {
    if (!(error instanceof TransactionRollbackError) || !result) throw error;
  }
  return result!.value;
}

const sum = (counts: Map<string, { count: number }>) => [...counts.values()].reduce((n, c) => n + c.count, 0);

/**
 * The same query with the planner denied every index scan: what the database does without the range
 * indexes. It must run on the transaction that turned them off (PGlite has one connection; a pool
 * would run it elsewhere, with the indexes).
 */
async function withoutIndexes<T>(db: Db, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_indexscan = off`);
    await tx.execute(sql`set local enable_bitmapscan = off`);
    await tx.execute(sql`set local enable_indexonlyscan = off`);
    return fn(tx);
  }) as Promise<T>;
}

/** How the plan reads the mirror: its scan nodes on external_events, e.g. "Bitmap Heap Scan (external_events_during_idx)". */
async function mirrorScans(db: DbOrTx, query: SQLWrapper): Promise<string> {
  const result = await db.execute(sql`explain (format json) ${query}`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
  const found: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node["Relation Name"] === "external_events" || String(node["Index Name"] ?? "").startsWith("external_events"))
      found.push(`${String(node["Node Type"])}${node["Index Name"] ? ` (${String(node["Index Name"])})` : ""}`);
    for (const child of (node["Plans"] as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  const root = rows[0]?.["QUERY PLAN"];
  const plans = (typeof root === "string" ? JSON.parse(root) : root) as { Plan: Record<string, unknown> }[];
  walk(plans[0]!.Plan);
  return found.join(" + ") || "none";
}

/** A database of its own beside DATABASE_URL's, dropped afterwards (the mirror it fills is ~400 MB). */
async function withBenchDatabase<T>(url: string, fn: (opened: OpenedDb) => Promise<T>): Promise<T> {
  const target = new URL(url);
  const name = `${target.pathname.slice(1)}_bench_conflicts`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  target.pathname = `/${name}`;
  try {
    const opened = await openPostgres(target.toString(), { max: 2 });
    try {
      return await fn(opened);
    } finally {
      await opened.close();
    }
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(0)} s`;

async function measure(
  fn: () => Promise<unknown>,
  times: number,
  opts: { warm: boolean; warmPool?: boolean } = { warm: true },
) {
  if (opts.warm) await fn();
  // A server's steady state: every connection of the pool (max 2) has prepared and planned the
  // statement (two at once, a few times), and V8 has optimised the calling code (measured: calls among
  // the first ten after those still ran twice as slow, enough to be the p95 of a short series).
  if (opts.warmPool) {
    for (let i = 0; i < 5; i++) await Promise.all([fn(), fn()]);
    for (let i = 0; i < 20; i++) await fn();
  }
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  // The fastest run is what the query costs when it is not waiting for a CPU (a loaded machine).
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95), min: samples[0]! };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
  const rows = await runConflictsBench({ quick: values.quick });
  for (const r of rows)
    console.log(
      `${r.metric.padEnd(62)} ${r.value.padEnd(28)} ${r.target ? `${r.target} ${r.ok ? "ok" : "MISSED"}` : ""}`,
    );
}

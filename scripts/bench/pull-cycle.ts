/**
 * Pull, the hourly cycle's requests (issue 11, "Benchmarks"): N connected instructors (seeded as
 * seed-connections.ts does; the cycle at 10,000 with Graph's latency is the `cycle` section) with realistic calendars
 * in the emulator's realistic profile (fixed seed). After a baseline cycle, 1 % of the calendars
 * change (control API) and the hourly job runs in the in-process runtime (its default queue bound
 * of 500 live runs, which the fan-out waits on); Graph requests are counted by the product's Graph client (retries and 429s included) and set
 * beside a full 12-month calendarView re-read of the same calendars. Then the same in Full Private
 * Mode. Freshness without notifications: a change made at a uniformly random moment of the hour is
 * visible (in the data `/busy` serves) when its connection's pull of the next cycle commits.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as wait } from "node:timers/promises";
import { and, eq, gte, inArray } from "drizzle-orm";
import { calendarConnections, syncRuns } from "@/db/schema";
import { busyIntervals } from "@/db/queries/busy-intervals";
import { DELTA_PAGE_SIZE } from "@/lib/graph/calendar-reads";
import { setPrivacyMode } from "@/lib/services/connect/set-privacy-mode";
import { pullWindow } from "@/lib/sync/pull-window";
import { outlookEvent, seedRealisticCalendars } from "./calendars";
import { createWorld, fixed, inParallel, ms, percentile, progress, type Connected, type World } from "./fixture";
import { startRuntime } from "./runtime";
import { seedConnections } from "./seed-connections";
import { benchSizes, type BenchOptions, type BenchRow } from "./types";

const SECTION = "pull";
const HOUR = 3_600_000;
/** The realistic profile's delta lags the mailbox by 1 s (graph/README.md): changes are made longer ago than that. */
const REPLICATION_LAG_MS = 1_500;

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const count = benchSizes(opts).instructors;
  const world = await createWorld("realistic", "pull");
  const jobs = startRuntime(world); // the app's default queue bound: the fan-out waits for room
  await jobs.holdHourlyTicks(2); // the bench fires the cycles; the hour passing must not add one
  const rows: BenchRow[] = [];
  const row = (metric: string, value: string, target?: string, ok?: boolean) =>
    rows.push({ section: SECTION, metric, value, ...(target && { target, ok }) });
  try {
    const setup = performance.now();
    const people = await seedConnections(world, count, { label: "pull" });
    const items = await seedRealisticCalendars(
      world,
      people.map((p) => p.userId),
      new Date(),
    );
    await wait(REPLICATION_LAG_MS); // so the baseline's delta sees every item written
    progress(`${count} instructors connected, ${items} Outlook items written`, setup);
    const connections = await connectionsOf(world, people);

    const baseline = await cycle(world, jobs);
    progress(`baseline cycle: ${baseline.requests} requests`, setup);
    row(`instructors (1 % changed per hour)`, String(count));
    row("baseline cycle: requests / instructor", fixed(baseline.requests / count));

    const reread = await fullReread(world, connections);
    row("full 12-month calendarView re-read: requests / instructor", fixed(reread.requests / count));
    row("full re-read: items / instructor", fixed(reread.items / count, 0));

    // Default Privacy Mode, a steady hour.
    const changedDefault = await changeOnePercent(world, people, "default");
    const hourly = await cycle(world, jobs);
    const perInstructor = hourly.requests / count;
    row("Default mode hourly cycle: requests / instructor", fixed(perInstructor, 3), "≤ 1.05", perInstructor <= 1.05);
    row("Default mode: cycle ÷ full re-read (requests)", fixed(perInstructor / (reread.requests / count), 3));
    row("Default mode: items read / instructor", fixed(hourly.fetched / count, 2));
    row(`Default mode cycle wall time (${count})`, ms(hourly.wallMs));
    row(
      "Default mode: one pull's time in Graph requests / the rest (product)",
      `${ms(hourly.perPull.graphMs)} / ${ms(hourly.perPull.ownMs)}`,
    );
    const fresh = await freshness(world, changedDefault, hourly.startedAt);
    row(
      `changes visible after the cycle`,
      `${fresh.visible} of ${changedDefault.length}`,
      "all",
      fresh.visible === changedDefault.length,
    );
    row("freshness without notifications p50", ms(fresh.p50), "≤ 1 h + cycle");
    row("freshness without notifications p95", ms(fresh.p95), "≤ 1 h + cycle", fresh.p95 <= HOUR + hourly.wallMs);

    // Full Private Mode: the same calendars, times only, a whole-window calendarView every hour.
    for (const p of people)
      await setPrivacyMode({ ctx: world.ctx, instructorId: p.instructorId, input: { privacyMode: "full_private" } });
    await changeOnePercent(world, people, "private");
    const fpm = await cycle(world, jobs);
    row("Full Private Mode hourly cycle: requests / instructor", fixed(fpm.requests / count, 3));
    row(
      "Full Private Mode: cycle ÷ full re-read (requests)",
      fixed(fpm.requests / count / (reread.requests / count), 3),
    );
    row(`Full Private Mode cycle wall time (${count})`, ms(fpm.wallMs));
    row(
      "Full Private Mode: one pull's time in Graph requests / the rest (product)",
      `${ms(fpm.perPull.graphMs)} / ${ms(fpm.perPull.ownMs)}`,
    );
    const unselected = fpm.log.filter((l) => !(l.path.includes("/calendarView?") && l.path.includes("select=")));
    row("Full Private Mode: requests without $select", String(unselected.length), "0", unselected.length === 0);
    return rows;
  } finally {
    await jobs.stop();
    await world.close();
  }
}

async function connectionsOf(world: World, people: Connected[]) {
  return world.db
    .select({ id: calendarConnections.id, homeAccountId: calendarConnections.homeAccountId })
    .from(calendarConnections)
    .where(
      inArray(
        calendarConnections.instructorId,
        people.map((p) => p.instructorId),
      ),
    );
}

/** One hourly fan-out through the runtime, to the last run: Graph requests (log), items fetched, wall time. */
async function cycle(world: World, jobs: ReturnType<typeof startRuntime>) {
  world.requests.length = 0;
  const startedAt = new Date();
  const started = performance.now();
  await jobs.runtime.runCronNow("hourly-pulls"); // what the cron does on the hour
  await jobs.drained();
  const wallMs = performance.now() - started;
  const log = [...world.requests];
  const requests = log.length;
  const runs = await world.db
    .select({
      status: syncRuns.status,
      counts: syncRuns.counts,
      startedAt: syncRuns.startedAt,
      finishedAt: syncRuns.finishedAt,
    })
    .from(syncRuns)
    .where(and(eq(syncRuns.kind, "pull"), gte(syncRuns.queuedAt, startedAt)));
  const failed = runs.filter((r) => r.status !== "succeeded").length;
  if (failed) progress(`${failed} pull run(s) did not succeed`);
  const fetched = runs.reduce((sum, r) => sum + Number((r.counts as Record<string, number> | null)?.fetched ?? 0), 0);
  // Each pull's own time (claimed → finished) split into its Graph requests and the rest (the product's).
  const runMs = runs.reduce((sum, r) => sum + (r.finishedAt!.getTime() - r.startedAt!.getTime()), 0);
  const graphMs = log.reduce((sum, l) => sum + l.durationMs, 0);
  const perPull = { graphMs: graphMs / runs.length, ownMs: (runMs - graphMs) / runs.length };
  return { requests, wallMs, fetched, startedAt, log, perPull };
}

/** What a full re-read of every calendar costs with the product's Graph client: calendarView over the pull window, every page. */
async function fullReread(world: World, connections: { id: string; homeAccountId: string | null }[]) {
  world.requests.length = 0;
  const window = pullWindow({ now: new Date(), timeZone: "Europe/London" });
  let items = 0;
  await inParallel(connections, 2, async (c) => {
    const client = world.ctx.graph!.forConnection({ id: c.id, homeAccountId: c.homeAccountId! });
    items += (await client.listCalendarView(window, { pageSize: DELTA_PAGE_SIZE })).length;
  });
  return { requests: world.requests.length, items };
}

type Change = Connected & { start: Date };

/** A new Outlook appointment in 1 % of the calendars (at least one), spread over the people. */
async function changeOnePercent(world: World, people: Connected[], tag: string): Promise<Change[]> {
  const k = Math.max(1, Math.round(people.length / 100));
  const step = Math.floor(people.length / k);
  const base = Math.ceil(Date.now() / HOUR) * HOUR + 5 * 24 * HOUR;
  const changes = Array.from({ length: k }, (_, i) => ({ ...people[i * step]!, start: new Date(base + i * HOUR) }));
  for (const c of changes)
    await world.control("POST", `/users/${c.userId}/events`, outlookEvent(`Bench ${tag}`, c.start));
  await wait(REPLICATION_LAG_MS);
  return changes;
}

/**
 * Change → visible, bounded by the hourly schedule: change i of k happened (i + ½)/k of an hour
 * before the cycle (uniform over the hour), and became visible when its connection's pull committed.
 */
async function freshness(world: World, changes: Change[], cycleStart: Date) {
  const samples: number[] = [];
  let visible = 0;
  for (const [i, c] of changes.entries()) {
    const busy = await busyIntervals(world.db, {
      instructorIds: [c.instructorId],
      from: c.start,
      to: new Date(c.start.getTime() + HOUR),
    });
    if (busy.some((b) => b.startsAt.getTime() === c.start.getTime())) visible++;
    const [run] = await world.db
      .select({ finishedAt: syncRuns.finishedAt })
      .from(syncRuns)
      .innerJoin(calendarConnections, eq(calendarConnections.id, syncRuns.connectionId))
      .where(
        and(
          eq(calendarConnections.instructorId, c.instructorId),
          eq(syncRuns.kind, "pull"),
          gte(syncRuns.queuedAt, cycleStart),
        ),
      );
    const madeBefore = ((i + 0.5) / changes.length) * HOUR;
    samples.push(madeBefore + (run?.finishedAt ? run.finishedAt.getTime() - cycleStart.getTime() : HOUR));
  }
  return { visible, p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

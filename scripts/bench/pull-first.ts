/**
 * Pull, the first pull of a 2,000-event calendar (issue 11): one instructor whose Outlook holds
 * 2,000 appointments over the year (realistic profile), pulled once with the product's service in
 * each privacy mode: Graph pages (the product's Graph client's count), wall time, and the peak growth of this
 * process's resident memory while it runs (sampled every 5 ms, after a GC). The in-memory database lives
 * in this process too, so its share of the growth is counted (an upper bound); the emulator has its own.
 * Then, in Full Private Mode, a change notification's pull of a few changed events (the ids re-read by
 * `$batch`) beside the whole times-only view of the same calendar: Graph requests (sub-requests) and time.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as wait } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { mirrorOf } from "@/db/queries/mirror";
import { noteChanges } from "@/db/queries/notified-changes";
import { calendarConnections } from "@/db/schema";
import { pullConnection } from "@/lib/services/pull/pull-connection";
import { queuePullRun } from "@/lib/services/pull/queue-pull-run";
import { outlookEvent, seedSingleEvents } from "./calendars";
import { connectMany, createWorld, fixed, ms, progress, setUp, type World } from "./fixture";
import { benchSizes, type BenchOptions, type BenchRow } from "./types";

const SECTION = "pull-first";
const MB = 1024 * 1024;

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const EVENTS = benchSizes(opts).firstPullEvents;
  const world = await createWorld("realistic", "first");
  const rows: BenchRow[] = [];
  try {
    for (const privacyMode of ["default", "full_private"] as const) {
      const [person] = await connectMany(world, 1, { privacyMode });
      const started = performance.now();
      await seedSingleEvents(world, person!.userId, EVENTS, new Date());
      progress(`${EVENTS} events in one ${privacyMode} calendar`, started);
      await wait(1_500); // the realistic profile's delta lags the mailbox by 1 s
      const [connection] = await world.db
        .select({ id: calendarConnections.id })
        .from(calendarConnections)
        .where(eq(calendarConnections.instructorId, person!.instructorId));
      const { runId } = await queuePullRun({
        ctx: world.ctx,
        input: { connectionId: connection!.id, trigger: "connect" },
      });
      world.requests.length = 0;

      const memory = await peakRssGrowth(async () => {
        const t = performance.now();
        const result = await pullConnection({ ctx: world.ctx, input: { connectionId: connection!.id, runId } });
        if (result.status !== "succeeded") throw new Error(`the first pull did not succeed: ${JSON.stringify(result)}`);
        return { ms: performance.now() - t, fetched: result.counts.fetched };
      });
      const pages = world.requests.length;
      const mode = privacyMode === "default" ? "Default mode" : "Full Private Mode";
      const growthMb = memory.rss / MB;
      // RSS rarely shrinks after a GC: only the first pull of the process gets a clean RSS figure.
      const rssRow: BenchRow[] =
        privacyMode === "default"
          ? [
              {
                section: SECTION,
                metric: `${mode}: peak RSS growth`,
                value: `${growthMb.toFixed(1)} MB`,
                target: "≤ 50 MB",
                ok: growthMb <= 50,
              },
            ]
          : [];
      rows.push(
        { section: SECTION, metric: `${mode}: events mirrored of ${EVENTS}`, value: String(memory.result.fetched) },
        { section: SECTION, metric: `${mode}: Graph pages`, value: String(pages) },
        { section: SECTION, metric: `${mode}: time`, value: ms(memory.result.ms) },
        ...rssRow,
        { section: SECTION, metric: `${mode}: peak JS heap growth`, value: `${(memory.heap / MB).toFixed(1)} MB` },
      );
      if (privacyMode === "full_private")
        rows.push(...(await notifiedReread(world, person!.userId, connection!.id, EVENTS)));
    }
    return rows;
  } finally {
    await world.close();
  }
}

/**
 * A notification's pull in Full Private Mode: three events change in Outlook (two moved, one deleted),
 * their ids are noted as the webhook notes them, and the pull re-reads only those; then the whole
 * times-only view of the same calendar, as the hourly pull (or a fallback) reads it.
 */
async function notifiedReread(world: World, userId: string, connectionId: string, events: number): Promise<BenchRow[]> {
  const changed = (await mirrorOf(world.db, connectionId)).slice(0, 3);
  for (const [i, row] of changed.entries()) {
    const path = `/users/${userId}/events/${encodeURIComponent(row.graphId)}`;
    if (i === 2) await setUp(world, "DELETE", path);
    else await setUp(world, "PATCH", path, outlookEvent(`Moved ${i}`, new Date(row.startsAt.getTime() + 3_600_000)));
  }
  await noteChanges(
    world.db,
    changed.map((row, i) => ({ connectionId, graphId: row.graphId, deleted: i === 2 })),
    new Date(),
  );
  const measure = async (onlyNotified: boolean) => {
    const { runId } = await queuePullRun({
      ctx: world.ctx,
      input: { connectionId, trigger: onlyNotified ? "notification" : "hourly" },
    });
    world.requests.length = 0;
    const t = performance.now();
    const result = await pullConnection({ ctx: world.ctx, input: { connectionId, runId, onlyNotified } });
    if (result.status !== "succeeded") throw new Error(`the pull did not succeed: ${JSON.stringify(result)}`);
    const subRequests = world.requests.reduce((n, r) => n + (r.batchSize ?? 1), 0);
    return { ms: performance.now() - t, requests: world.requests.length, subRequests, counts: result.counts };
  };
  const ids = await measure(true);
  const view = await measure(false);
  if (ids.counts.updated !== 2 || ids.counts.removed !== 1 || view.counts.added + view.counts.removed !== 0)
    throw new Error(`the re-read missed a change: ${JSON.stringify({ ids: ids.counts, view: view.counts })}`);
  const label = "Full Private Mode, 3 changes notified";
  return [
    {
      section: SECTION,
      metric: `${label}: requests (sub-requests), ids re-read`,
      value: `${ids.requests} (${ids.subRequests})`,
    },
    {
      section: SECTION,
      metric: `${label}: requests, whole view of ${events}`,
      value: String(view.requests),
    },
    {
      section: SECTION,
      metric: `${label}: time, ids re-read / whole view`,
      value: `${ms(ids.ms)} / ${ms(view.ms)} (×${fixed(view.ms / ids.ms, 1)})`,
    },
  ];
}

async function peakRssGrowth<T>(fn: () => Promise<T>): Promise<{ result: T; rss: number; heap: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  let rss = before.rss;
  let heap = before.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss);
    heap = Math.max(heap, now.heapUsed);
  };
  const timer = setInterval(sample, 5);
  try {
    const result = await fn();
    sample();
    return { result, rss: rss - before.rss, heap: heap - before.heapUsed };
  } finally {
    clearInterval(timer);
  }
}

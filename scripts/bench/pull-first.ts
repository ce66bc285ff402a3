/**
 * Pull, the first pull of a 2,000-event calendar (issue 11): one instructor whose Outlook holds
 * 2,000 appointments over the year (realistic profile), pulled once with the product's service in
 * each privacy mode: Graph pages (the product's Graph client's count), wall time, and the peak growth of this
 * process's resident memory while it runs (sampled every 5 ms, after a GC). The in-memory database lives
 * in this process too, so its share of the growth is counted (an upper bound); the emulator has its own.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as wait } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import { pullConnection } from "@/lib/services/pull/pull-connection";
import { queuePullRun } from "@/lib/services/pull/queue-pull-run";
import { seedSingleEvents } from "./calendars";
import { connectMany, createWorld, ms, progress } from "./fixture";
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
    }
    return rows;
  } finally {
    await world.close();
  }
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

/**
 * Freshness with Graph change notifications (issue 11, benchmarks): an Outlook change made through the
 * emulator's control API → visible in the product's busy data (`busyIntervals`, the query behind
 * `GET /api/v1/instructors/{id}/busy`), p50 / p95 over 50 changes (quick: 10). The emulator runs its
 * `realistic` profile with a fixed seed on the real clock, so its delivery lag (bursts, duplicates, 25 %
 * late by 1–8 s) is included; the app's webhook, the debounced notification pull and the pull job run
 * as in the app (the in-process job runtime, real timers). Target: p95 ≤ 30 s.
 *   npx tsx scripts/bench/freshness-notifications.ts [--quick]
 * PostgreSQL when DATABASE_URL is set, else an in-memory PGlite.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { busyIntervals } from "@/db/queries/busy-intervals";
import { calendarSubscriptions, syncRuns } from "@/db/schema";
import { ensureEmulatorCertificate } from "@/e2e/emulator/tls";
import { createFunctions } from "@/inngest/functions";
import { InProcessRuntime } from "@/inngest/runtime/in-process-runtime";
import type { ServiceContext } from "@/lib/context/service-context";
import { connectInstructor, createMicrosoftHarness } from "@/lib/testing/microsoft-harness";
import { startNotificationEndpoint } from "@/lib/testing/notification-endpoint";

export type BenchRow = { section: string; metric: string; value: string; target?: string; ok?: boolean };

const SECTION = "freshness (notifications)";
const SEED = 20261128;
const TARGET_P95_MS = 30_000;
const self = fileURLToPath(import.meta.url);

/**
 * Runs the measurement. Node trusts the emulator's self-signed certificate only through
 * NODE_EXTRA_CA_CERTS read at start-up, so without it the measurement runs in a child process that has it.
 */
export async function runFreshnessWithNotifications(opts: { quick: boolean; smoke?: boolean }): Promise<BenchRow[]> {
  const { certPath } = await ensureEmulatorCertificate();
  if (process.env.NODE_EXTRA_CA_CERTS !== certPath) return inChildProcess(opts, certPath);
  return measure(opts);
}

async function measure({ quick, smoke }: { quick: boolean; smoke?: boolean }): Promise<BenchRow[]> {
  // Several instructors change at once (each one change at a time), so 50 samples take about a minute.
  const instructorCount = smoke ? 1 : quick ? 2 : 5;
  const changesEach = smoke ? 2 : quick ? 5 : 10;
  const h = await createMicrosoftHarness({ profile: { profile: "realistic", seed: SEED } });
  // The runtime and the webhook need the context, and the context needs their addresses.
  const app = {} as { ctx: ServiceContext };
  const runtime = new InProcessRuntime({
    db: h.db,
    queue: `bench:${crypto.randomUUID()}`,
    functions: createFunctions(async () => app.ctx),
  });
  const endpoint = await startNotificationEndpoint(async () => app.ctx);
  const ctx: ServiceContext = (app.ctx = {
    ...h.ctx,
    now: () => new Date(),
    config: { ...h.ctx.config, notificationBaseUrl: endpoint.baseUrl },
    jobs: runtime.jobs,
  });
  runtime.start();
  try {
    const tenantId = (
      await h.control<{ id: string }>("POST", "/tenants", { displayName: "Bench Ltd", domain: "bench.example" })
    ).id;
    const instructors = [];
    for (let i = 0; i < instructorCount; i++) {
      const { instructor, emulatorUserId } = await connectInstructor(
        { ...h, ctx },
        { tenantId, domain: "bench.example", privacyMode: "default" },
      );
      instructors.push({ instructorId: instructor.id, userId: emulatorUserId });
    }
    await waitFor(async () => (await subscribed(ctx)) === instructorCount && (await runtime.whenIdle(), true), 60_000);

    const latencies = (
      await Promise.all(
        instructors.map(async ({ instructorId, userId }, k) => {
          const mine: number[] = [];
          for (let i = 0; i < changesEach; i++) {
            const title = `Bench change ${k}-${i}`;
            const day = 1 + ((i * 3 + k) % 60);
            const started = performance.now();
            await h.control("POST", `/users/${userId}/events`, event(title, day));
            await waitFor(async () => (await titlesIn(ctx, instructorId)).includes(title), 120_000);
            mine.push(performance.now() - started);
          }
          return mine;
        }),
      )
    ).flat();
    const pulls = await ctx.db.select({ trigger: syncRuns.trigger }).from(syncRuns).where(eq(syncRuns.kind, "pull"));
    const notificationPulls = pulls.filter((p) => p.trigger === "notification").length;
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    return [
      { section: SECTION, metric: "changes measured", value: `${latencies.length} (${instructorCount} instructors)` },
      { section: SECTION, metric: "Outlook change → /busy, p50", value: seconds(p50) },
      {
        section: SECTION,
        metric: "Outlook change → /busy, p95",
        value: seconds(p95),
        target: `≤ ${TARGET_P95_MS / 1000} s`,
        ok: p95 <= TARGET_P95_MS,
      },
      { section: SECTION, metric: "Outlook change → /busy, max", value: seconds(Math.max(...latencies)) },
      {
        section: SECTION,
        metric: "notification pulls per change",
        value: (notificationPulls / latencies.length).toFixed(2),
      },
    ];
  } finally {
    await runtime.shutdown({ timeoutMs: 5_000 });
    await endpoint.close();
    await h.close();
  }
}

async function subscribed(ctx: ServiceContext) {
  const rows = await ctx.db
    .select({ id: calendarSubscriptions.id })
    .from(calendarSubscriptions)
    .where(eq(calendarSubscriptions.status, "active"));
  return rows.length;
}

async function titlesIn(ctx: ServiceContext, instructorId: string) {
  const now = Date.now();
  const rows = await busyIntervals(ctx.db, {
    instructorIds: [instructorId],
    from: new Date(now - 86_400_000),
    to: new Date(now + 90 * 86_400_000),
  });
  return rows.map((r) => r.title);
}

function event(subject: string, day: number) {
  const start = Math.floor(Date.now() / 86_400_000 + day) * 86_400_000 + 10 * 3_600_000;
  const at = (ms: number) => ({ dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: "UTC" });
  return { subject, start: at(start), end: at(start + 3_600_000) };
}

async function waitFor(probe: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not visible within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function inChildProcess(opts: { quick: boolean; smoke?: boolean }, certPath: string): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", self, "--json", ...(opts.quick ? ["--quick"] : []), ...(opts.smoke ? ["--smoke"] : [])],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH_JSON "));
      if (code !== 0 || !line) return reject(new Error(`freshness benchmark failed (exit ${code})`));
      resolve(JSON.parse(line.slice("BENCH_JSON ".length)) as BenchRow[]);
    });
  });
}

if (process.argv[1] && fileURLToPath(`file://${process.argv[1]}`) === self) {
  const smoke = process.argv.includes("--smoke");
  const rows = await runFreshnessWithNotifications({ quick: smoke || process.argv.includes("--quick"), smoke });
  if (process.argv.includes("--json")) console.log(`BENCH_JSON ${JSON.stringify(rows)}`);
  else console.table(rows.map((r) => ({ ...r, ok: r.ok === undefined ? "" : r.ok ? "yes" : "NO" })));
  process.exit(0);
}

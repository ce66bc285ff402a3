/**
 * `npm run bench`: the product's speed and memory figures, measured side by side in one run and
 * printed as one table (section, metric, value, target, ok). Targets are reported, never asserted:
 * a missed one prints MISS and the run still succeeds; a crash fails it.
 *
 *   npm run bench [-- --quick | --smoke] [--only=<section>[,<section>]] [--instructors=N]
 *
 * `--smoke` is CI's: every section at a tiny size, proving it runs (its figures mean nothing).
 *
 * PGlite in memory by default; DATABASE_URL runs on PostgreSQL (give it a database of its own: it is filled).
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { ensureEmulatorCertificate } from "@/e2e/emulator/tls";
import { formatTable } from "./table";
import { benchSizes, type BenchOptions, type BenchRow, type BenchSection } from "./types";

/**
 * Every section, in run order. To add one: a module exporting `run(opts) => Promise<BenchRow[]>`,
 * then a line here.
 */
const sections: BenchSection[] = [
  {
    name: "pull",
    about: "hourly cycle, full re-read, freshness without notifications",
    run: lazy(() => import("./pull-cycle")),
  },
  {
    name: "cycle",
    about: "the hourly cycle at full size on PostgreSQL, Graph at 100–300 ms, Sync Calendar clicked mid-cycle",
    run: lazy(() => import("./hourly-cycle")),
  },
  { name: "pull-first", about: "first pull of a 2,000-event calendar", run: lazy(() => import("./pull-first")) },
  {
    name: "push",
    about: "booking → Outlook latency, activation, concurrent re-push",
    run: lazy(() => import("./push")),
  },
  {
    name: "freshness",
    about: "Outlook change → visible in /busy with change notifications (realistic delivery lag)",
    run: async (opts) => (await import("./freshness-notifications")).runFreshnessWithNotifications(opts),
  },
  {
    name: "conflicts",
    about: "conflict counts for every candidate through the range index, beside one pass without it",
    run: async (opts) => (await import("./conflicts")).runConflictsBench(opts),
  },
];

function lazy(load: () => Promise<{ run: BenchSection["run"] }>): BenchSection["run"] {
  return async (opts) => (await load()).run(opts);
}

// The emulator serves https with its own certificate; Node reads NODE_EXTRA_CA_CERTS only at start,
// so the bench runs itself again in a child that has it (and --expose-gc, for the memory figures).
if (!process.env.CALENDAR_SYNC_BENCH_CHILD) {
  const { certPath } = await ensureEmulatorCertificate();
  const child = spawnSync(process.execPath, ["--expose-gc", ...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath, CALENDAR_SYNC_BENCH_CHILD: "1" },
  });
  process.exit(child.status ?? 1);
}

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    smoke: { type: "boolean", default: false },
    only: { type: "string" },
    instructors: { type: "string" },
  },
});
const only = values.only?.split(",").map((s) => s.trim());
const unknown = only?.filter((name) => !sections.some((s) => s.name === name));
if (unknown?.length) {
  console.error(`Unknown section(s): ${unknown.join(", ")}. Sections: ${sections.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
const opts: BenchOptions = {
  quick: values.quick || values.smoke,
  smoke: values.smoke,
  ...(values.instructors && { instructors: Number(values.instructors) }),
};
if (opts.instructors !== undefined && !(Number.isInteger(opts.instructors) && opts.instructors > 0)) {
  console.error("--instructors must be a positive whole number");
  process.exit(2);
}

const rows: BenchRow[] = [];
const started = performance.now();
for (const section of sections.filter((s) => !only || only.includes(s.name))) {
  console.error(`▶ ${section.name}: ${section.about}`);
  const t = performance.now();
  rows.push(...(await section.run(opts)));
  console.error(`  ${section.name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const db = process.env.DATABASE_URL ? "PostgreSQL" : "PGlite";
const sizes = benchSizes(opts);
console.log(
  `\nCalendar Sync benchmarks (${opts.smoke ? "smoke: sizes too small for the figures to mean anything" : opts.quick ? "quick" : "full"}, ${db} but for the cycle's own database, ${((performance.now() - started) / 1000).toFixed(0)} s)` +
    `\nsizes: ${sizes.cycleInstructors} instructors in the cycle section (PostgreSQL), ${sizes.instructors} in the pull section, ` +
    `${sizes.bookings} bookings timed, ` +
    `a ${sizes.firstPullEvents}-event first pull\n`,
);
console.log(formatTable(rows));
process.exit(0); // open handles (emulator timers, db pools) must not keep a finished run alive

import { HELD_ROUND_ERROR } from "@/lib/sync/connection-health";

/** What a sync log row says, from one sync_runs row (pure, so it is tested on its own). */
export type SyncLogRun = {
  kind: "pull" | "push" | "removal";
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  counts: Record<string, number>;
  errorClass: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

/** The tallies each kind records, in the order they read best; flags (baseline, held) are not tallies. */
const tallies: Record<SyncLogRun["kind"], string[]> = {
  pull: ["added", "updated", "removed", "fetched"],
  push: ["created", "updated", "deleted", "unchanged", "failed"],
  removal: ["deleted", "failed"],
};
/** `notified`: the changed event ids a notification's pull found noted (Full Private Mode re-reads them). */
const tallyLabels: Record<string, string> = { fetched: "read", notified: "changed ids notified" };
/** Tallies whose label depends on the count (one or several). */
const pluralLabels: Record<string, [one: string, several: string]> = {
  // Pull: our entries the instructor changed or removed in Outlook, put back by the push it asks for.
  drifted: [
    "training entry changed in Outlook by the instructor",
    "training entries changed in Outlook by the instructor",
  ],
};
const flags = new Set(["baseline", "held", "mirrored"]);

/**
 * A pull always says "2 added · 1 updated · 0 removed · 14 read"; a push or removal names only what
 * it did ("3 created · 1 deleted"), or "nothing to do". Other keys a kind recorded follow in their order.
 */
export function describeCounts(run: Pick<SyncLogRun, "kind" | "counts">): string {
  const known = tallies[run.kind];
  const keys = [
    ...known.filter((k) => k in run.counts),
    ...Object.keys(run.counts).filter((k) => !known.includes(k) && !flags.has(k)),
  ].filter((k) => run.kind === "pull" || run.counts[k] !== 0);
  if (keys.length === 0) return run.kind === "pull" || Object.keys(run.counts).length === 0 ? "" : "nothing to do";
  return keys.map((k) => `${run.counts[k]} ${labelOf(k, run.counts[k]!)}`).join(" · ");
}

function labelOf(key: string, count: number): string {
  const plural = pluralLabels[key];
  if (plural) return count === 1 ? plural[0] : plural[1];
  return tallyLabels[key] ?? key;
}

export function runStatusLabel(run: Pick<SyncLogRun, "status" | "errorClass">): string {
  if (run.status === "failed" && run.errorClass === HELD_ROUND_ERROR) return "Held";
  return { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed", cancelled: "Cancelled" }[
    run.status
  ];
}

/** "under 1 s", "3 s", "1 min 12 s"; null while unfinished. */
export function runDuration(run: Pick<SyncLogRun, "startedAt" | "finishedAt">): string | null {
  if (!run.startedAt || !run.finishedAt) return null;
  const seconds = Math.max(0, Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000));
  if (seconds === 0) return "under 1 s";
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

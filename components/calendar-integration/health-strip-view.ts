import type { StripRun } from "@/db/queries/runs-of-last-day";
import { HELD_ROUND_ERROR } from "@/lib/sync/connection-health";
import { isMicrosoftUnavailable } from "@/lib/sync/run-progress";

/** How one run ended, as the strip colours it: worst first when an hour holds several. */
export type StripOutcome = "failed" | "held" | "retrying" | "running" | "succeeded";
export const stripOutcomes: StripOutcome[] = ["failed", "held", "retrying", "running", "succeeded"];
export const stripOutcomeLabels: Record<StripOutcome, string> = {
  failed: "Failed",
  held: "Held",
  retrying: "Microsoft unavailable",
  running: "Queued or running",
  succeeded: "Succeeded",
};

export type StripHour = {
  /** The hour's start (ISO) and its label in the page's zone ("14:00"). */
  start: string;
  label: string;
  counts: Record<StripOutcome, number>;
  total: number;
};

export function stripOutcome(run: Pick<StripRun, "status" | "errorClass">): StripOutcome | null {
  switch (run.status) {
    case "succeeded":
      return "succeeded";
    case "queued":
    case "running":
      return "running";
    case "cancelled":
      return null;
    default:
      if (run.errorClass === HELD_ROUND_ERROR) return "held";
      return isMicrosoftUnavailable(run.errorClass) ? "retrying" : "failed";
  }
}

const HOUR_MS = 3_600_000;

/**
 * The last 24 hours, one column per hour ending with the current one, each with how many runs (pull, push,
 * removal) started in it and how they ended. Pure: `now` and the zone for the labels are given.
 */
export function healthStrip(runs: readonly StripRun[], now: Date, zone: string): StripHour[] {
  const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const first = current - 23 * HOUR_MS;
  const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: zone });
  const hours: StripHour[] = Array.from({ length: 24 }, (_, i) => ({
    start: new Date(first + i * HOUR_MS).toISOString(),
    label: clock.format(new Date(first + i * HOUR_MS)),
    counts: { failed: 0, held: 0, retrying: 0, running: 0, succeeded: 0 },
    total: 0,
  }));
  for (const run of runs) {
    const at = (run.startedAt ?? run.queuedAt).getTime();
    const index = Math.floor((at - first) / HOUR_MS);
    const outcome = stripOutcome(run);
    if (index < 0 || index > 23 || !outcome) continue;
    hours[index]!.counts[outcome] += 1;
    hours[index]!.total += 1;
  }
  return hours;
}

/** "14:00–15:00: 3 succeeded, 1 failed" (or "no runs"), the column's accessible name. */
export function describeHour(hour: StripHour, next: string): string {
  const parts = stripOutcomes
    .filter((o) => hour.counts[o] > 0)
    .map((o) => `${hour.counts[o]} ${stripOutcomeLabels[o].toLowerCase()}`);
  return `${hour.label}–${next}: ${parts.length ? parts.join(", ") : "no runs"}`;
}

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
  removal: ["deleted", "alreadyGone", "mirrorRows", "pushEntries", "tokenCaches", "leftoversCleared", "failed"],
};
/** `notified`: the changed event ids a notification's pull found noted (Full Private Mode re-reads them). */
const tallyLabels: Record<string, string> = {
  fetched: "read",
  notified: "changed ids notified",
  // Removal's sweep and purge (lib/services/removal/): what each step deleted, in an admin's words.
  deleted: "deleted",
  alreadyGone: "already gone from Outlook",
  mirrorRows: "mirrored events purged",
  pushEntries: "training entry records purged",
  tokenCaches: "stored sign-ins deleted",
  leftoversCleared: "leftover entries cleared",
  leftovers: "left in Outlook",
  recovered: "recovered",
  busy: "busy",
};
/** Tallies whose label depends on the count (one or several). */
const pluralLabels: Record<string, [one: string, several: string]> = {
  // Pull: our entries the instructor changed or removed in Outlook, put back by the push it asks for.
  drifted: [
    "training entry changed in Outlook by the instructor",
    "training entries changed in Outlook by the instructor",
  ],
  deleted: ["Outlook entry deleted", "Outlook entries deleted"],
  tokenCaches: ["stored sign-in deleted", "stored sign-ins deleted"],
};

/**
 * Error classes as an admin reads them; the class name itself stays in the cell's title for support.
 * Unlisted classes show only their message.
 */
const errorWords: Record<string, string> = {
  GraphThrottledError: "Microsoft asked us to slow down",
  GraphUnavailableError: "Microsoft unavailable",
  MicrosoftUnavailableError: "Microsoft unavailable",
  RetryAfterError: "Microsoft unavailable",
  ReconnectRequiredError: "The instructor must sign in again",
  PullRoundHeldError: "Held for an admin's confirmation",
  GraphRequestError: "Microsoft refused the request",
  AccessRevokedError: "The instructor removed the app from their Microsoft account",
  ConnectionFencedError: "Stopped: the calendar is being removed",
  SyncStateGoneError: "Microsoft forgot our place; reading the calendar again",
  RunStalled: "Stopped making progress",
  RunAbandonedError: "Abandoned",
  RunawayPagingError: "Microsoft kept sending pages; stopped",
  UnmappableEventError: "An event could not be read",
};

/** The words for an error class, or null when only its message should show. */
export function errorClassWords(errorClass: string | null): string | null {
  return errorClass ? (errorWords[errorClass] ?? null) : null;
}
const flags = new Set(["baseline", "held", "mirrored"]);

/**
 * A pull always says "2 added · 1 updated · 0 removed · 14 read"; a push or removal names only what
 * it did ("3 created · 1 deleted"), or "nothing to do". Other keys a kind recorded follow in their order.
 */
export function describeCounts(run: Pick<SyncLogRun, "kind" | "counts">): string {
  // A removal's tallies are named by its steps; a pull's and a push's keep their short verbs.
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

/**
 * What a running or waiting sync says to an admin, live: how long it has been at it, which attempt it is
 * on, and, when Microsoft throttled or was down, "Microsoft unavailable, retrying at …". Pure: the facts
 * come from sync_runs (started, heartbeat) and job_requests (attempt, run-after, last error); `now` is given.
 */

/** The job behind a connection's unfinished run (db/queries/run-attempts.ts). */
export type RunAttempt = {
  running: boolean;
  /** 1 for the first try. */
  attempt: number;
  runAfter: Date;
  lastErrorName: string | null;
};

/** Errors that mean Microsoft is throttling or unavailable (lib/graph/errors.ts), as a job records them. */
const UNAVAILABLE = new Set([
  "GraphThrottledError",
  "GraphUnavailableError",
  "MicrosoftUnavailableError",
  // graph-retry.ts turns a throttle with a named wait into Inngest's RetryAfterError.
  "RetryAfterError",
]);

export const isMicrosoftUnavailable = (errorClass: string | null | undefined) =>
  errorClass ? UNAVAILABLE.has(errorClass) : false;

export type RunProgressInput = {
  status: "queued" | "running";
  queuedAt: Date;
  startedAt: Date | null;
  attempt: RunAttempt | null;
  now: Date;
};

export type RunProgress = {
  /** Seconds since it started (or was queued, while it waits for its first start). */
  elapsedSeconds: number;
  attempt: number;
  /** Set while a retry waits for Microsoft. */
  retryingAt: Date | null;
};

export function runProgress(input: RunProgressInput): RunProgress {
  const since = input.startedAt ?? input.queuedAt;
  const waiting = input.attempt && !input.attempt.running && input.attempt.runAfter > input.now;
  return {
    elapsedSeconds: Math.max(0, Math.floor((input.now.getTime() - since.getTime()) / 1000)),
    attempt: input.attempt?.attempt ?? 1,
    retryingAt: waiting && isMicrosoftUnavailable(input.attempt!.lastErrorName) ? input.attempt!.runAfter : null,
  };
}

/** "12 s", "3 min 4 s", "1 h 2 min". */
export function elapsedText(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** "Running 12 s · attempt 2 · Microsoft unavailable, retrying at 14:05" (`clock` formats the retry time). */
export function describeRunProgress(
  status: "queued" | "running",
  progress: RunProgress,
  clock: (at: Date) => string,
): string {
  const parts = [`${status === "running" ? "Running" : "Queued"} ${elapsedText(progress.elapsedSeconds)}`];
  if (progress.attempt > 1) parts.push(`attempt ${progress.attempt}`);
  if (progress.retryingAt) parts.push(`Microsoft unavailable, retrying at ${clock(progress.retryingAt)}`);
  return parts.join(" · ");
}

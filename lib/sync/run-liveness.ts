/**
 * How the every-minute sweep tells a live run from a dead one (lib/services/sync/sweep-transient-states.ts):
 * a run queued or running with no sign of life (`sync_runs.heartbeat_at`, else its start, else its queue
 * time) for STALL_AFTER_MS, and no job left to finish it, is ended or asked for again (docs/jobs.md).
 */
export const STALL_AFTER_MS = 10 * 60_000;

/**
 * How often a working run writes its heartbeat at most: often enough that a long loop (a pull reading many
 * pages, a removal deleting many `$batch`es) never looks stalled, rarely enough to cost nothing.
 */
export const HEARTBEAT_EVERY_MS = 60_000;

/** Whether a run last seen alive at `last` should say so again at `now`. */
export function heartbeatDue(last: Date | null, now: Date): boolean {
  return last === null || now.getTime() - last.getTime() >= HEARTBEAT_EVERY_MS;
}

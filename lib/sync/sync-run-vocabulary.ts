/**
 * What started a sync run (pull, push or removal), declared once: the `sync_runs.trigger` check
 * constraint, the job events' zod schemas, the API's SyncRun resource and the sync log's labels
 * derive from it. Imports nothing: drizzle-kit loads it with the schema.
 *
 * - hourly: the cadence (the hourly pull fan-out, the push convergence cycle).
 * - manual: an admin or an API client asked (Sync Calendar, `POST /api/v1/instructors/{id}/sync`,
 *   Remove Calendar, confirming a held round); the UI and the API are both "manual".
 * - notification: a Graph change or lifecycle notification (or a revoked grant it revealed).
 * - connect: the first sync after an instructor connected.
 * - baseline: the daily new baseline round that slides the pull window (graph-behaviour.md §3).
 */
export const syncTriggers = ["hourly", "manual", "notification", "connect", "baseline"] as const;
export type SyncTrigger = (typeof syncTriggers)[number];

export const syncTriggerLabels: Record<SyncTrigger, string> = {
  hourly: "Hourly",
  manual: "Manual",
  notification: "Notification",
  connect: "Connect",
  baseline: "Daily baseline",
};

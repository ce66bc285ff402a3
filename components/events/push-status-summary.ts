import type { EventPushStatus } from "@/db/queries/push-status";
import { formatDateTime } from "@/lib/time/format";

/**
 * One line per booked instructor on the event page, from their entries' statuses (one per
 * session): a connection problem first, then a failure with its reason, then anything still
 * pending; "In Outlook since …" only once every session's entry is there.
 */
export function pushStatusSummary(rows: readonly EventPushStatus[], zone: string): string {
  if (rows.some((r) => r.status === "not_connected")) return "Not connected";
  const failed = rows.find((r) => r.status === "failed");
  if (failed) return `Failed: ${failed.error ?? "unknown error"}`;
  if (!rows.length || rows.some((r) => r.status !== "in_outlook")) return "Pending";
  const since = Math.min(...rows.map((r) => r.lastAttemptAt?.getTime() ?? Date.now()));
  return `In Outlook since ${formatDateTime(new Date(since), zone)}`;
}

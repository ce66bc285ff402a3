import Link from "next/link";
import type { LatestPull } from "@/db/queries/sync-runs";

/**
 * The newest removal of a disconnected row: queued, running, done with what it deleted (or, after a dead
 * token, how many of our entries were left in Outlook, linking to the list), or failed with the reason.
 */
export function RemovalProgress({
  removal,
  instructorId,
}: {
  removal: Pick<LatestPull, "status" | "counts" | "error"> | null;
  instructorId: string;
}) {
  if (!removal) return null;
  const n = (key: string) => removal.counts[key] ?? 0;
  const entries = (count: number) => `${count} Outlook ${count === 1 ? "entry" : "entries"}`;
  switch (removal.status) {
    case "queued":
      return <span data-status="queued">Removal queued</span>;
    case "running":
      return (
        <span data-status="running">Removing…{n("deleted") > 0 && ` ${entries(n("deleted"))} deleted so far`}</span>
      );
    case "succeeded":
      if (removal.error)
        return (
          <span className="error" data-status="incomplete" title={removal.error}>
            Removed here; {entries(n("leftovers"))} left in Outlook.{" "}
            <Link href={`/control-panel/calendar-integration/${instructorId}#leftovers`}>See the list</Link>
          </span>
        );
      return (
        <span data-status="succeeded" title={`${n("mirrorRows")} mirrored events purged`}>
          Removed: {entries(n("deleted"))} deleted
        </span>
      );
    case "cancelled":
      return null;
    default:
      return (
        <span className="error" data-status="failed" title={removal.error ?? undefined}>
          Removal failed: {(removal.error ?? "unknown error").slice(0, 90)}. Remove Calendar retries it.
        </span>
      );
  }
}

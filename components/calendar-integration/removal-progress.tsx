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
      if (removal.error) {
        const left = n("leftovers");
        return (
          <span className="error" data-status="incomplete" title={removal.error}>
            Removed here, but Microsoft refused access:{" "}
            {left === 0
              ? "entries of ours may still be in Outlook."
              : `${left === 1 ? "1 entry is" : `${left} entries are`} still in Outlook. `}
            {left > 0 && (
              <Link href={`/control-panel/calendar-integration/${instructorId}#leftovers`}>See the list</Link>
            )}
          </span>
        );
      }
      return (
        <span data-status="succeeded" title={`${n("mirrorRows")} mirrored events purged`}>
          Removed: {entries(n("deleted"))} deleted
        </span>
      );
    case "cancelled":
      return null;
    default: {
      // The reason in full, not only in a tooltip: it is what the admin acts on.
      const reason = removal.error?.trim() || "unknown error";
      const shown = reason.length > 200 ? `${reason.slice(0, 199)}…` : `${reason.replace(/\.$/, "")}.`;
      return (
        <span className="error" data-status="failed" title={removal.error ?? undefined}>
          Removal failed: {shown} Remove Calendar starts it again.
        </span>
      );
    }
  }
}

import type { LatestPull } from "@/db/queries/sync-runs";

/** The newest pull of a row: queued, running, done with its counts, or failed with the reason. */
export function PullProgress({ pull }: { pull: Pick<LatestPull, "status" | "counts" | "error"> | null }) {
  if (!pull) return <span className="muted">—</span>;
  switch (pull.status) {
    case "queued":
      return <span data-status="queued">Queued</span>;
    case "running":
      return <span data-status="running">Running…</span>;
    case "succeeded": {
      const n = (key: string) => pull.counts[key] ?? 0;
      return (
        <span data-status="succeeded" title={`${n("fetched")} items read from Outlook`}>
          Done: {n("added")} added, {n("updated")} updated, {n("removed")} removed
        </span>
      );
    }
    default:
      // A held round is explained (with its Confirm button) in the Status column.
      if (pull.counts.held) return <span data-status="held">Held</span>;
      // The reason is in the Status column beside it (and whole in this title).
      return (
        <span className="error" data-status="failed" title={pull.error ?? undefined}>
          Failed
        </span>
      );
  }
}

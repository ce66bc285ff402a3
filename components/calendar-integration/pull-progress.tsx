import type { LatestPull } from "@/db/queries/sync-runs";

/** The newest pull of a row: queued, running, done with its counts, or failed with the reason. */
export function PullProgress({ pull }: { pull: LatestPull | null }) {
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
      return (
        <span className="error" data-status="failed" title={pull.error ?? undefined}>
          Failed: {(pull.error ?? "unknown error").slice(0, 90)}
        </span>
      );
  }
}

"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { syncTriggerLabels, type SyncTrigger } from "@/lib/sync/sync-run-vocabulary";
import { actionFailureText, type ActionFailure } from "@/lib/errors";
import { describeCounts, errorClassWords, runDuration, runStatusLabel, type SyncLogRun } from "./sync-log-view";

export type SyncLogEntry = SyncLogRun & {
  id: string;
  trigger: SyncTrigger;
  queuedAt: string;
  graphRequests: number;
  errorMessage: string | null;
};

const statusTone: Record<string, string> = {
  Queued: "info",
  Running: "info",
  Succeeded: "active",
  Failed: "cancelled",
  Held: "warn",
  Cancelled: "draft",
};
const kindLabels = { pull: "Pull", push: "Push", removal: "Removal" } as const;

/**
 * An instructor's last 50 sync runs (pull, push, removal), newest first, in the admin's time zone (labelled).
 * A held newest pull is shown above the log with its Confirm button.
 */
export function SyncLog({
  instructorId,
  runs,
  zone,
  mirrored,
  confirmHeld,
}: {
  instructorId: string;
  runs: SyncLogEntry[];
  /** The admin's zone, from the server (app/(admin)/admin-zone.ts): the first paint is already right. */
  zone: string;
  /** Mirrored events now (db/queries/mirrored-counts.ts): the figure the table and Remove dialog show. */
  mirrored: number;
  confirmHeld: (instructorId: string) => Promise<{ runId: string } | ActionFailure>;
}) {
  const time = (iso: string) =>
    new Date(iso).toLocaleString("en-GB", {
      timeZone: zone,
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
  const newestPull = runs.find((r) => r.kind === "pull");
  const held = newestPull && runStatusLabel(newestPull) === "Held" ? newestPull : null;

  return (
    <section className="panel" id="sync-log">
      <h2>Sync log</h2>
      <p className="muted small">
        The last {runs.length === 50 ? "50 " : ""}runs, newest first · times in {zone}
      </p>
      {held && <HeldNotice run={held} mirrored={mirrored} instructorId={instructorId} confirmHeld={confirmHeld} />}
      <table className="data sync-log" data-testid="sync-log">
        <thead>
          <tr>
            <th>Started</th>
            <th>Run</th>
            <th>Status</th>
            <th>Counts</th>
            <th className="numeric">Graph requests</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No sync runs yet.
              </td>
            </tr>
          )}
          {runs.map((run) => {
            const status = runStatusLabel(run);
            const duration = runDuration(run);
            return (
              <tr key={run.id} data-testid="sync-log-row" data-kind={run.kind}>
                <td className="nowrap small">
                  {time(run.startedAt ?? run.queuedAt)}
                  {!run.startedAt && <div className="muted">queued</div>}
                  {run.finishedAt && (
                    <div className="muted" title={`Finished ${time(run.finishedAt)}`}>
                      took {duration}
                    </div>
                  )}
                </td>
                <td className="nowrap small">
                  <strong>{kindLabels[run.kind]}</strong>
                  <div className="muted">{syncTriggerLabels[run.trigger]}</div>
                  {run.counts.baseline && run.trigger !== "baseline" ? (
                    <div className="muted">baseline round</div>
                  ) : null}
                </td>
                <td>
                  <span className={`badge ${statusTone[status]}`}>{status}</span>
                </td>
                <td className="small">{describeCounts(run) || "—"}</td>
                <td className="numeric small">{run.graphRequests}</td>
                <td className="small sync-log-error">
                  {run.errorMessage || run.errorClass ? (
                    <span className={status === "Held" ? undefined : "error"} title={run.errorClass ?? undefined}>
                      {errorClassWords(run.errorClass) && status !== "Held" && (
                        <strong>{errorClassWords(run.errorClass)}: </strong>
                      )}
                      {run.errorMessage ?? (errorClassWords(run.errorClass) ? "" : run.errorClass)}
                    </span>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function HeldNotice({
  run,
  mirrored,
  instructorId,
  confirmHeld,
}: {
  run: SyncLogEntry;
  mirrored: number;
  instructorId: string;
  confirmHeld: (instructorId: string) => Promise<{ runId: string } | ActionFailure>;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const removed = run.counts.removed ?? 0;
  return (
    <div className="health-held held-notice" role="alert" data-testid="held-notice">
      <strong>
        Held: would remove {removed} of {mirrored} mirrored events
      </strong>
      <span>
        The newest pull would remove more than half of this calendar&apos;s events, so nothing was applied. Confirm if
        the instructor really cleared their calendar; a new pull then applies what Outlook shows.
      </span>
      <button
        type="button"
        className="small-button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          const result = await confirmHeld(instructorId);
          setPending(false);
          if ("ok" in result) setFailure(actionFailureText(result));
          else router.refresh();
        }}
      >
        {pending ? "Confirming…" : "Confirm"}
      </button>
      {failure && <span className="error">{failure}</span>}
    </div>
  );
}

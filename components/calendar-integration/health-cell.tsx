"use client";

import Link from "next/link";
import { useState } from "react";
import { describeRunProgress, isMicrosoftUnavailable } from "@/lib/sync/run-progress";
import { actionFailureText, type ActionFailure } from "@/lib/errors";
import { clockOrWhen, type IntegrationRowJson } from "./integration-row-json";
import { healthTone as tone } from "./health-tone";

/** Long errors are cut here; the whole text is in the title and on the instructor's sync log. */
const ERROR_PREVIEW = 70;

/**
 * The Status column: the sync's health as a badge, and under it what an admin needs to act on: a
 * held round with its Confirm button, an error with its next retry, or how stale the mirror is.
 */
export function HealthCell({
  row,
  now,
  confirmHeld,
  onConfirmed,
}: {
  row: IntegrationRowJson;
  now: Date;
  confirmHeld: (instructorId: string) => Promise<{ runId: string } | ActionFailure>;
  onConfirmed: () => void;
}) {
  const { health } = row;
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const log = `/control-panel/calendar-integration/${row.instructorId}#sync-log`;

  async function confirm() {
    setConfirming(true);
    const result = await confirmHeld(row.instructorId);
    setConfirming(false);
    if ("ok" in result) setFailure(actionFailureText(result));
    else onConfirmed();
  }

  return (
    <div className="health" data-testid="health" data-health={health.state}>
      <span className={`badge ${tone[health.state]}`}>{health.label}</span>
      {health.state === "held" && health.held && (
        <div className="health-held" role="alert">
          <strong>
            Held: would remove {health.held.wouldRemove} of {row.mirrored} mirrored events
          </strong>
          <button type="button" className="small-button" disabled={confirming} onClick={() => void confirm()}>
            {confirming ? "Confirming…" : "Confirm"}
          </button>
          {failure && <div className="error">{failure}</div>}
        </div>
      )}
      {row.progress && (row.lastPull?.status === "queued" || row.lastPull?.status === "running") && (
        <div className="small run-progress" data-testid="run-progress">
          {describeRunProgress(
            row.lastPull.status,
            { ...row.progress, retryingAt: row.progress.retryingAt ? new Date(row.progress.retryingAt) : null },
            (at) => clockOrWhen(at.toISOString(), now),
          )}
        </div>
      )}
      {health.state === "error" &&
        (isMicrosoftUnavailable(row.lastPull?.errorClass) ? (
          <div className="small" data-testid="microsoft-unavailable">
            Microsoft unavailable, retrying at {clockOrWhen(health.retryAt, now)}
          </div>
        ) : (
          <div className="small">
            <span className="error" title={health.error ?? undefined}>
              {truncate(health.error ?? "Unknown error")}
            </span>{" "}
            <Link href={log} className="small">
              details
            </Link>
            <div className="muted">Retry {clockOrWhen(health.retryAt, now)}</div>
          </div>
        ))}
      {health.state === "stale" && <div className="muted small">No successful pull for over 3 hours</div>}
    </div>
  );
}

function truncate(text: string) {
  return text.length > ERROR_PREVIEW ? `${text.slice(0, ERROR_PREVIEW - 1)}…` : text;
}

"use client";

import Link from "next/link";
import { privacyModes } from "@/lib/connect/what-is-shared";
import type { ActionFailure } from "@/lib/errors";
import { HealthCell } from "./health-cell";
import { clockOrWhen, day, shortWhen, type IntegrationRowJson } from "./integration-row-json";
import { PullProgress } from "./pull-progress";
import { RemovalProgress } from "./removal-progress";

/**
 * One instructor in the Calendar Integration table. Related facts share a cell (account and
 * privacy, invited and connected, last and next sync, mirrored and pushed counts) so the table fits
 * a 1280 px screen; long texts are cut with the whole text in a title and on the sync log.
 */
export function IntegrationRow({
  row: r,
  now,
  selected,
  onToggle,
  confirmHeld,
  onChanged,
}: {
  row: IntegrationRowJson;
  now: Date;
  selected: boolean;
  onToggle: () => void;
  confirmHeld: (instructorId: string) => Promise<{ runId: string } | ActionFailure>;
  onChanged: () => void;
}) {
  const live = r.connectedAt !== null && r.privacyMode !== null;
  return (
    <tr data-testid="integration-row" data-email={r.email}>
      <td className="select">
        <input type="checkbox" aria-label={`Select ${r.name}`} checked={selected} onChange={onToggle} />
      </td>
      <td className="clip">
        <Link href={`/control-panel/calendar-integration/${r.instructorId}`}>
          <strong>{r.name}</strong>
        </Link>
        <div className="muted small clip-line" title={r.email}>
          {r.email}
        </div>
      </td>
      <td className="status-cell">
        <HealthCell row={r} now={now} confirmHeld={confirmHeld} onConfirmed={onChanged} />
        <div className="small" data-testid="removal-progress">
          <RemovalProgress removal={r.lastRemoval} instructorId={r.instructorId} />
        </div>
        {r.lastError && r.health.state !== "error" && r.health.state !== "held" && (
          <div className="small clip-line" title={r.lastError}>
            <span className="error">Last error: {r.lastError}</span>
          </div>
        )}
      </td>
      <td className="small clip">
        <div className="clip-line" data-testid="microsoft-account" title={r.microsoftUsername ?? undefined}>
          {r.microsoftUsername ?? "—"}
        </div>
        {r.privacyMode && <div className="muted">{privacyModes[r.privacyMode].label}</div>}
      </td>
      <td className="nowrap small">
        <div title={r.invitedAt ? shortWhen(r.invitedAt) : undefined}>
          <span className="muted">Invited</span> {day(r.invitedAt)}
        </div>
        {r.connectedAt && (
          <div title={shortWhen(r.connectedAt)}>
            <span className="muted">Connected</span> {day(r.connectedAt)}
          </div>
        )}
      </td>
      <td className="nowrap small" data-testid="sync-times">
        <div>
          <span className="muted">Last</span> {clockOrWhen(r.lastSyncAt, now)}
        </div>
        <div>
          <span className="muted">Next</span> {clockOrWhen(r.nextSyncAt, now)}
        </div>
      </td>
      <td className="small" data-testid="pull-progress">
        <PullProgress pull={r.lastPull} />
      </td>
      <td className="nowrap small" data-testid="event-counts">
        {live || r.mirrored > 0 ? (
          <div data-testid="mirror-counts">
            <div>{r.mirrored} mirrored</div>
            {r.privacyMode === "full_private" ? (
              <div className="muted">times only</div>
            ) : (
              r.mirroredPrivate > 0 && <div className="muted">{r.mirroredPrivate} private</div>
            )}
          </div>
        ) : null}
        <div data-testid="push-counts">
          {r.pushed} pushed
          {r.pushFailed > 0 && <span className="error">, {r.pushFailed} failed</span>}
        </div>
      </td>
    </tr>
  );
}

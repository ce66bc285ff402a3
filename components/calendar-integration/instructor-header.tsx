"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { privacyModes } from "@/lib/connect/what-is-shared";
import { actionFailureText, type ActionFailure } from "@/lib/errors";
import type { SendInvitationsResult } from "@/lib/services/connect/send-invitations";
import type { RequestPullsResult } from "@/lib/services/pull/request-pulls";
import type { CalendarRemovalPreview } from "@/lib/services/removal/preview-calendar-removals";
import type { RemoveCalendarsResult } from "@/lib/services/removal/remove-calendars";
import { describeRunProgress, isMicrosoftUnavailable } from "@/lib/sync/run-progress";
import { healthTone } from "./health-tone";
import type { IntegrationRowJson } from "./integration-row-json";
import { RemoveCalendarButton } from "./remove-calendar-dialog";
import "./live-status.css";

type Actions = {
  syncCalendars: (ids: string[]) => Promise<RequestPullsResult | ActionFailure>;
  sendInvitations: (ids: string[]) => Promise<SendInvitationsResult | ActionFailure>;
  previewRemovals: (ids: string[]) => Promise<CalendarRemovalPreview | ActionFailure>;
  removeCalendars: (ids: string[]) => Promise<RemoveCalendarsResult | ActionFailure>;
  confirmHeld: (instructorId: string) => Promise<{ runId: string } | ActionFailure>;
};

/**
 * The instructor page's header: status, privacy mode, account, connected since, last and next sync, the
 * counts and the invitation, read through the Calendar Integration table's own query (the same row, so the
 * same figures) and polled; the actions an admin takes on one instructor. When the row changes, the server
 * part of the page (sync log, health strip) is refreshed too, so every status on the page is live.
 */
export function InstructorHeader({
  initial,
  zone,
  actions,
}: {
  initial: IntegrationRowJson;
  zone: string;
  actions: Actions;
}) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { data: row = initial, refetch } = useQuery({
    queryKey: ["calendar-integration", "instructor", initial.instructorId],
    queryFn: async () => {
      const response = await fetch(`/api/control-panel/calendar-integration?instructor=${initial.instructorId}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return ((await response.json()) as { rows: IntegrationRowJson[] }).rows[0] ?? initial;
    },
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.progress ? 1_000 : 5_000),
  });

  // The server-rendered part follows the row: a finished run appears in the log and the strip.
  const fingerprint = [row.health.state, row.lastPull?.status, row.lastPull?.finishedAt, row.lastRemoval?.status].join(
    "|",
  );
  const seen = useRef(fingerprint);
  useEffect(() => {
    if (seen.current === fingerprint) return;
    seen.current = fingerprint;
    router.refresh();
  }, [fingerprint, router]);

  const when = (iso: string | null) =>
    iso
      ? new Date(iso).toLocaleString("en-GB", {
          timeZone: zone,
          day: "numeric",
          month: "short",
          year: "numeric",
          hour: "2-digit",
          minute: "2-digit",
        })
      : "—";
  const now = new Date();
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      setNotice(await work());
      await refetch();
    } finally {
      setBusy(false);
    }
  };
  const id = row.instructorId;
  const live = row.status === "connected";
  const canRemove = live || row.status === "reconnect_needed" || row.lastRemoval?.status === "failed";
  const invitationOpen = ["invited", "waiting_for_approval", "invitation_expired"].includes(row.status);
  const pull = row.lastPull;

  return (
    <section className="panel" data-testid="instructor-header" data-health={row.health.state}>
      <dl className="instructor-header">
        <div>
          <dt>Status</dt>
          <dd data-testid="instructor-status">
            <span className={`badge ${healthTone[row.health.state]}`}>{row.health.label}</span>
            {row.progress && (pull?.status === "queued" || pull?.status === "running") && (
              <div className="small run-progress" data-testid="run-progress">
                {describeRunProgress(
                  pull.status,
                  { ...row.progress, retryingAt: row.progress.retryingAt ? new Date(row.progress.retryingAt) : null },
                  (at) => when(at.toISOString()),
                )}
              </div>
            )}
            {row.health.state === "error" && (
              <div className="small error">
                {isMicrosoftUnavailable(pull?.errorClass)
                  ? `Microsoft unavailable, retrying at ${when(row.health.retryAt)}`
                  : `${row.health.error ?? "Unknown error"} · retry ${when(row.health.retryAt)}`}
              </div>
            )}
            {row.health.state === "held" && row.health.held && (
              <div className="small">
                Held: would remove {row.health.held.wouldRemove} of {row.mirrored} mirrored events
              </div>
            )}
          </dd>
        </div>
        <div>
          <dt>Privacy mode</dt>
          <dd>{row.privacyMode ? privacyModes[row.privacyMode].label : "—"}</dd>
        </div>
        <div>
          <dt>Microsoft account</dt>
          <dd data-testid="microsoft-account">{row.microsoftUsername ?? "—"}</dd>
        </div>
        <div>
          <dt>Connected since</dt>
          <dd>{when(row.connectedAt)}</dd>
        </div>
        <div>
          <dt>Last synced</dt>
          <dd data-testid="last-synced">{when(row.lastSyncAt)}</dd>
        </div>
        <div>
          <dt>Next sync</dt>
          <dd>{when(row.nextSyncAt)}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd data-testid="instructor-counts">
            {row.mirrored} mirrored
            {row.privacyMode === "full_private"
              ? " (times only)"
              : row.mirroredPrivate > 0
                ? ` (${row.mirroredPrivate} private)`
                : ""}{" "}
            · {row.pushed} pushed{row.pushFailed > 0 && <span className="error">, {row.pushFailed} failed</span>}
          </dd>
        </div>
        <div>
          <dt>Invitation</dt>
          <dd data-testid="invitation">
            {row.invitedAt ? (
              <>
                Sent {when(row.invitedAt)}
                {invitationOpen && row.invitationExpiresAt && (
                  <div className={row.status === "invitation_expired" ? "small error" : "small muted"}>
                    {new Date(row.invitationExpiresAt) <= now ? "Expired" : "Expires"} {when(row.invitationExpiresAt)}
                  </div>
                )}
              </>
            ) : (
              "Never sent"
            )}
          </dd>
        </div>
      </dl>
      <div className="instructor-actions">
        <button
          type="button"
          disabled={busy || !live}
          title={live ? undefined : "Only a connected calendar can be synced"}
          onClick={() =>
            void run(async () => {
              const result = await actions.syncCalendars([id]);
              if ("ok" in result) return actionFailureText(result);
              return result.queued.length ? "Sync queued." : `Not synced: ${result.skipped[0]?.reason ?? "skipped"}.`;
            })
          }
        >
          Sync now
        </button>
        {row.health.state === "held" && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const result = await actions.confirmHeld(id);
                return "ok" in result ? actionFailureText(result) : "Confirmed: a new pull applies what Outlook shows.";
              })
            }
          >
            Confirm held round
          </button>
        )}
        <button
          type="button"
          className="secondary"
          disabled={busy || live}
          title={live ? "Already connected" : undefined}
          onClick={() =>
            void run(async () => {
              const result = await actions.sendInvitations([id]);
              if ("ok" in result) return actionFailureText(result);
              return result.sent.length ? "Invitation sent." : `Not sent: ${result.skipped[0]?.reason ?? "skipped"}.`;
            })
          }
        >
          {row.invitedAt ? "Resend invitation" : "Send invitation"}
        </button>
        {canRemove && (
          <RemoveCalendarButton
            instructorIds={[id]}
            preview={actions.previewRemovals}
            remove={actions.removeCalendars}
            onDone={(text) => {
              setNotice(text);
              void refetch();
            }}
          />
        )}
        {notice && (
          <span className="notice small" role="status">
            {notice}
          </span>
        )}
      </div>
    </section>
  );
}

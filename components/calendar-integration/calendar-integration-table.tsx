"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { HealthState } from "@/lib/sync/connection-health";
import { actionFailureText, type ActionFailure } from "@/lib/errors";
import type { SendInvitationsResult } from "@/lib/services/connect/send-invitations";
import type { RequestPullsResult } from "@/lib/services/pull/request-pulls";
import type { CalendarRemovalPreview } from "@/lib/services/removal/preview-calendar-removals";
import type { RemoveCalendarsResult } from "@/lib/services/removal/remove-calendars";
import { RemoveCalendarButton } from "./remove-calendar-dialog";
import { IntegrationRow } from "./integration-row";
import { StatusBar } from "./status-bar";
import { countByStatus } from "./status-summary";
import type { IntegrationRowJson } from "./integration-row-json";

type Row = IntegrationRowJson;
const COLUMNS = 8;

/**
 * Every instructor's calendar status. Polls every few seconds so a connection made in another
 * browser shows up without a reload; bulk actions invalidate the query at once.
 */
export function CalendarIntegrationTable({
  sendInvitations,
  syncCalendars,
  previewRemovals,
  removeCalendars,
  confirmHeld,
}: {
  sendInvitations: (ids: string[]) => Promise<SendInvitationsResult | ActionFailure>;
  syncCalendars: (ids: string[]) => Promise<RequestPullsResult | ActionFailure>;
  previewRemovals: (ids: string[]) => Promise<CalendarRemovalPreview | ActionFailure>;
  removeCalendars: (ids: string[]) => Promise<RemoveCalendarsResult | ActionFailure>;
  confirmHeld: (instructorId: string) => Promise<{ runId: string } | ActionFailure>;
}) {
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<HealthState | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();

  const { data, isPending, isError } = useQuery({
    // Every status is fetched: the status bar counts them all, and its filter is applied here.
    queryKey: ["calendar-integration", search],
    queryFn: async () => {
      const params = new URLSearchParams({ ...(search && { search }) });
      const response = await fetch(`/api/control-panel/calendar-integration?${params}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return ((await response.json()) as { rows: Row[] }).rows;
    },
    // Faster while a pull or removal is queued or running, so its elapsed time ticks and its counts show soon after.
    refetchInterval: (query) =>
      query.state.data?.some((r) =>
        [r.lastPull?.status, r.lastRemoval?.status].some((s) => s === "queued" || s === "running"),
      )
        ? 1_000
        : 5_000,
    placeholderData: (previous) => previous,
  });
  const everyone = useMemo(() => data ?? [], [data]);
  const counts = useMemo(() => countByStatus(everyone), [everyone]);
  const rows = useMemo(
    () => (status ? everyone.filter((r) => r.health.state === status) : everyone),
    [everyone, status],
  );
  // Re-read on every poll's render: "today" and the retry times are relative to it.
  const now = new Date();
  const visibleSelected = rows.filter((r) => selected.has(r.instructorId));
  const allSelected = rows.length > 0 && visibleSelected.length === rows.length;

  const invite = useMutation({
    mutationFn: (ids: string[]) => sendInvitations(ids),
    onSuccess: (result) => {
      if ("ok" in result) return setNotice(actionFailureText(result));
      const skipped = result.skipped.length
        ? ` ${result.skipped.length} skipped (${[...new Set(result.skipped.map((s) => s.reason))].join(", ")}).`
        : "";
      setNotice(`${result.sent.length} invitation${result.sent.length === 1 ? "" : "s"} sent.${skipped}`);
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: ["calendar-integration"] });
    },
  });

  const sync = useMutation({
    mutationFn: (ids: string[]) => syncCalendars(ids),
    onSuccess: (result) => {
      if ("ok" in result) return setNotice(actionFailureText(result));
      const skipped = result.skipped.length
        ? ` ${result.skipped.length} skipped (${[...new Set(result.skipped.map((s) => s.reason))].join(", ")}).`
        : "";
      setNotice(`${result.queued.length} calendar sync${result.queued.length === 1 ? "" : "s"} queued.${skipped}`);
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: ["calendar-integration"] });
    },
  });

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const anyInvitedBefore = visibleSelected.some((r) => r.invitedAt);

  return (
    <>
      <div className="toolbar">
        <input
          type="search"
          placeholder="Search name or email"
          aria-label="Search instructors"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Link href="/control-panel/calendar-integration/tenants" style={{ marginLeft: "auto" }}>
          Microsoft tenants &amp; admin consent
        </Link>
      </div>
      <StatusBar counts={counts} total={everyone.length} active={status} onSelect={setStatus} />
      {visibleSelected.length > 0 && (
        <div className="bulkbar" role="region" aria-label="Bulk actions">
          <strong>{visibleSelected.length} selected</strong>
          <button
            type="button"
            disabled={invite.isPending}
            onClick={() => invite.mutate(visibleSelected.map((r) => r.instructorId))}
          >
            {anyInvitedBefore ? "Resend invitation" : "Send invitation"}
          </button>
          <button
            type="button"
            disabled={sync.isPending}
            onClick={() => sync.mutate(visibleSelected.map((r) => r.instructorId))}
          >
            Sync Calendar
          </button>
          <RemoveCalendarButton
            instructorIds={visibleSelected.map((r) => r.instructorId)}
            preview={previewRemovals}
            remove={removeCalendars}
            onDone={(text) => {
              setNotice(text);
              setSelected(new Set());
              void queryClient.invalidateQueries({ queryKey: ["calendar-integration"] });
            }}
          />
          <button type="button" className="secondary" onClick={() => setSelected(new Set())}>
            Clear
          </button>
        </div>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {isError && <p className="alert">Could not load the table. Retrying…</p>}
      <table className="data integration-table" data-testid="calendar-integration-table">
        <thead>
          <tr>
            <th className="select">
              <input
                type="checkbox"
                aria-label="Select all"
                checked={allSelected}
                onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.instructorId)))}
              />
            </th>
            <th>Instructor</th>
            <th>Status</th>
            <th>Microsoft account</th>
            <th>Invited / connected</th>
            <th>Last / next sync</th>
            <th>Calendar sync</th>
            <th className="nowrap">Events</th>
          </tr>
        </thead>
        <tbody>
          {isPending && (
            <tr>
              <td colSpan={COLUMNS} className="muted">
                Loading…
              </td>
            </tr>
          )}
          {!isPending && rows.length === 0 && (
            <tr>
              <td colSpan={COLUMNS} className="muted">
                No instructors match.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <IntegrationRow
              key={r.instructorId}
              row={r}
              now={now}
              selected={selected.has(r.instructorId)}
              onToggle={() => toggle(r.instructorId)}
              confirmHeld={confirmHeld}
              onChanged={() => void queryClient.invalidateQueries({ queryKey: ["calendar-integration"] })}
            />
          ))}
        </tbody>
      </table>
    </>
  );
}

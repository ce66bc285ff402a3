"use client";

import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/errors";
import { assignmentRoleLabels, assignmentRoles } from "@/lib/training/vocabulary";
import { CalendarIcon } from "./calendar-icon";
import type { PanelRow } from "./conflict-view";
import type { SessionConflictsView } from "./session-conflicts";
import { RemoveBooking } from "./remove-booking";
import { SessionTimelines } from "./session-timelines";
import { useLivePushStatus } from "./use-live-push-status";

/**
 * Who is booked and who could be: every instructor with their calendar's state and their conflicts
 * with this event. Booking someone with conflicts asks first; the server checks again. `push` says
 * where each booked instructor's Outlook entries stand (push-status-summary.ts); absent on a draft
 * or cancelled event.
 */
export function AssignmentPanel(props: {
  rows: PanelRow[];
  push?: Record<string, string | null>;
  /** With the event's id and zone the Outlook column is polled (use-live-push-status.ts). */
  eventId?: string;
  zone?: string;
  assign: (state: ActionResult, form: FormData) => Promise<ActionResult>;
  unassign: (instructorId: string) => Promise<void>;
  /** One instructor's conflicts by session, read when their badge is expanded. */
  loadConflicts: (instructorId: string) => Promise<SessionConflictsView[]>;
  locked: boolean;
}) {
  const [search, setSearch] = useState("");
  const [availableOnly, setAvailableOnly] = useState(false);
  const [role, setRole] = useState<string>("lead");
  const [confirming, setConfirming] = useState<string | null>(null);
  const [result, setResult] = useState<(ActionResult & { name?: string }) | null>(null);
  const [pending, startTransition] = useTransition();
  // After Assign, focus goes to what happened (the confirmation or the error), not back to the top.
  const outcome = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (result) outcome.current?.focus();
  }, [result]);
  const assigned = props.rows.filter((r) => r.assigned);
  const push = useLivePushStatus(props.eventId, props.zone ?? "UTC", props.push);
  const candidates = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return props.rows.filter(
      (r) =>
        !r.assigned &&
        (!needle || r.name.toLowerCase().includes(needle) || r.email.toLowerCase().includes(needle)) &&
        // Unknown availability is never "available".
        (!availableOnly || (r.calendar.state === "synced" && r.conflictCount === 0)),
    );
  }, [props.rows, search, availableOnly]);

  const assign = (row: PanelRow, confirmConflicts: boolean) => {
    const form = new FormData();
    form.set("instructorId", row.id);
    form.set("role", role);
    if (confirmConflicts) form.set("confirmConflicts", "yes");
    startTransition(async () => {
      const outcome = await props.assign({ ok: true }, form);
      setResult({ ...outcome, name: row.name });
      if (outcome.ok) setConfirming(null);
    });
  };

  return (
    <div className="rows">
      <table className="data" data-testid="assigned-instructors">
        <thead>
          <tr>
            <th>Instructor</th>
            <th>Role</th>
            <th>Conflicts</th>
            <th>Outlook</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {assigned.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                Nobody is booked yet.
              </td>
            </tr>
          )}
          {assigned.map((a) => (
            <tr key={a.id} data-testid="assigned-row">
              <td>
                <strong>{a.name}</strong> <CalendarIcon {...a.calendar} name={a.name} conflictCount={a.conflictCount} />
                <div className="muted">{a.email}</div>
                {a.assigned?.override && (
                  <div className="override-note" data-testid="conflict-override">
                    {a.assigned.override}
                  </div>
                )}
              </td>
              <td>{a.assigned?.role}</td>
              <td>
                <ConflictBadge row={a} load={props.loadConflicts} />
              </td>
              <td className={push?.[a.id]?.startsWith("Failed") ? "small error" : "small"} data-testid="push-status">
                {push?.[a.id] ?? "—"}
              </td>
              <td style={{ textAlign: "right" }}>
                <RemoveBooking
                  name={a.name}
                  connected={a.calendar.state !== "not_connected"}
                  remove={props.unassign.bind(null, a.id)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {props.locked ? (
        <p className="muted">This event is cancelled; nobody can be booked on it.</p>
      ) : (
        <>
          <div className="toolbar" style={{ marginTop: 12 }}>
            <input
              type="search"
              aria-label="Search instructors"
              placeholder="Search instructors…"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            <label className="inline">
              <input type="checkbox" checked={availableOnly} onChange={(e) => setAvailableOnly(e.target.checked)} />{" "}
              Available only
            </label>
            <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value)} style={{ width: 170 }}>
              {assignmentRoles.map((r) => (
                <option key={r} value={r}>
                  {assignmentRoleLabels[r]}
                </option>
              ))}
            </select>
          </div>
          {result && (
            <p
              ref={outcome}
              tabIndex={-1}
              className={result.ok ? "notice" : "alert"}
              role={result.ok ? "status" : "alert"}
              data-testid="assign-outcome"
            >
              {result.ok ? `Assigned ${result.name}.` : result.message}
            </p>
          )}
          <table className="data" data-testid="candidate-list">
            <thead>
              <tr>
                <th>Instructor</th>
                <th>Conflicts</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {candidates.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    {availableOnly ? "Nobody is known to be free for every session." : "No instructor matches."}
                  </td>
                </tr>
              )}
              {candidates.map((row) => (
                <tr key={row.id} data-testid="candidate-row" data-instructor-id={row.id}>
                  <td>
                    <strong>{row.name}</strong>{" "}
                    <CalendarIcon {...row.calendar} name={row.name} conflictCount={row.conflictCount} />
                    <div className="muted">{row.email}</div>
                  </td>
                  <td>
                    <ConflictBadge row={row} load={props.loadConflicts} />
                  </td>
                  <td style={{ textAlign: "right" }}>
                    {confirming === row.id ? (
                      <div role="alertdialog" aria-label={`Confirm assigning ${row.name}`} className="confirm-box">
                        <p>
                          {row.name} has {row.conflictCount} conflict{row.conflictCount === 1 ? "" : "s"} with this
                          event. Assign anyway?
                        </p>
                        <button type="button" className="danger" disabled={pending} onClick={() => assign(row, true)}>
                          Assign anyway
                        </button>{" "}
                        <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </div>
                    ) : (
                      <button
                        type="button"
                        disabled={pending}
                        aria-label={`Assign ${row.name}`}
                        onClick={() => (row.conflictCount > 0 ? setConfirming(row.id) : assign(row, false))}
                      >
                        Assign
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function ConflictBadge({
  row,
  load,
}: {
  row: PanelRow;
  load: (instructorId: string) => Promise<SessionConflictsView[]>;
}) {
  const [open, setOpen] = useState(false);
  const [conflicts, setConflicts] = useState<SessionConflictsView[] | null>(null);
  const [failed, setFailed] = useState(false);
  const count = row.conflictCount;
  if (count === 0)
    return row.calendar.state === "synced" ? (
      <span className="badge active">Free</span>
    ) : (
      <span className="badge">Unknown</span>
    );
  const toggle = () => {
    setOpen(!open);
    if (!open && !conflicts)
      load(row.id).then(
        (list) => {
          setConflicts(list);
          setFailed(false);
        },
        () => setFailed(true),
      );
  };
  const label = `${count} conflict${count === 1 ? "" : "s"}${row.tentativeOnly ? ", tentative" : ""}`;
  return (
    <div>
      <button
        type="button"
        className={`badge ${row.tentativeOnly ? "tentative" : "warn"} conflict-badge`}
        aria-expanded={open}
        aria-label={label}
        title={label}
        data-testid="conflict-badge"
        onClick={toggle}
      >
        {count}
      </button>
      {open && !conflicts && (
        <p className="muted small" role="status">
          {failed ? "Could not load the conflicts." : "Loading conflicts…"}
        </p>
      )}
      {open && conflicts && <SessionTimelines sessions={conflicts} />}
    </div>
  );
}

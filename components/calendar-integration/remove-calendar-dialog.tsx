"use client";

import { useEffect, useRef, useState } from "react";
import { actionFailureText, type ActionFailure } from "@/lib/errors";
import type { CalendarRemovalPreview } from "@/lib/services/removal/preview-calendar-removals";
import type { RemoveCalendarsResult } from "@/lib/services/removal/remove-calendars";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The Calendar Integration toolbar's Remove Calendar: asks what would be removed (per instructor: our
 * entries in their Outlook, the events of theirs mirrored here), says so in a confirmation dialog, and
 * only then starts the removals. The table shows each removal's progress.
 */
export function RemoveCalendarButton({
  instructorIds,
  preview,
  remove,
  onDone,
}: {
  instructorIds: string[];
  preview: (ids: string[]) => Promise<CalendarRemovalPreview | ActionFailure>;
  remove: (ids: string[]) => Promise<RemoveCalendarsResult | ActionFailure>;
  onDone: (notice: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [plan, setPlan] = useState<CalendarRemovalPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);

  const start = async () => {
    setOpen(true);
    setPlan(null);
    setProblem(null);
    const result = await preview(instructorIds);
    if ("ok" in result) setProblem(actionFailureText(result));
    else setPlan(result);
  };

  const confirm = async () => {
    if (!plan) return;
    setBusy(true);
    try {
      const ids = plan.instructors.filter((i) => i.action.kind !== "skip").map((i) => i.instructorId);
      const result = await remove(ids);
      if ("ok" in result) return setProblem(actionFailureText(result));
      const skipped = result.skipped.length
        ? ` ${result.skipped.length} skipped (${[...new Set(result.skipped.map((s) => s.reason))].join(", ")}).`
        : "";
      setOpen(false);
      onDone(`${plural(result.started.length, "calendar removal", "calendar removals")} started.${skipped}`);
    } finally {
      setBusy(false);
    }
  };

  const going = plan?.instructors.filter((i) => i.action.kind !== "skip") ?? [];
  return (
    <>
      <button type="button" className="danger" onClick={() => void start()}>
        Remove Calendar
      </button>
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby="remove-calendar-title"
        onClose={() => setOpen(false)}
      >
        <h2 id="remove-calendar-title">
          {plan && going.length ? `Remove ${plural(going.length, "calendar", "calendars")}?` : "Remove Calendar"}
        </h2>
        {!plan && !problem && <p className="muted">Counting what would be removed…</p>}
        {problem && <p className="alert">{problem}</p>}
        {plan && going.length === 0 && <p>None of the selected calendars can be removed: {skipReasons(plan)}.</p>}
        {plan && going.length > 0 && (
          <>
            <p>Syncing stops at once. Then Calendar Sync deletes:</p>
            <ul>
              <li data-testid="removal-outlook-count">
                {plan.totals.entriesInOutlook > 0 ? (
                  <>
                    the <strong>{plural(plan.totals.entriesInOutlook, "entry", "entries")}</strong> it created in{" "}
                  </>
                ) : (
                  // None recorded; the removal still looks for our tag in the whole calendar.
                  "any entries it created in "
                )}
                {going.length === 1 ? "the instructor's Outlook calendar" : "the instructors' Outlook calendars"} (their
                own Outlook events are not touched);
              </li>
              <li data-testid="removal-mirror-count">
                {plan.totals.mirroredEvents > 0 ? (
                  <>
                    the copy of {going.length === 1 ? "their calendar" : "their calendars"} kept here (
                    <strong>{plural(plan.totals.mirroredEvents, "event", "events")}</strong>), the sync state and the
                    stored Microsoft sign-in.
                  </>
                ) : (
                  "the sync state and the stored Microsoft sign-in (no events of their calendar are kept here)."
                )}
              </li>
            </ul>
            <p className="muted small">
              Bookings on events stay. To sync again, the instructor must connect anew from an invitation.
            </p>
            <table className="data small">
              <thead>
                <tr>
                  <th>Instructor</th>
                  <th>Entries in Outlook</th>
                  <th>Events kept here</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {plan.instructors.map((i) => (
                  <tr key={i.instructorId} data-testid="removal-preview-row">
                    <td>{i.name}</td>
                    <td>{i.action.kind === "skip" ? "—" : i.entriesInOutlook}</td>
                    <td>{i.action.kind === "skip" ? "—" : i.mirroredEvents}</td>
                    <td className="muted">
                      {i.action.kind === "skip"
                        ? `Skipped: ${i.action.reason}`
                        : i.action.kind === "retry"
                          ? "Restarts a removal that failed"
                          : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
          {plan && going.length > 0 && (
            <button type="button" className="danger-solid" disabled={busy} onClick={() => void confirm()}>
              {busy ? "Starting…" : `Remove ${plural(going.length, "calendar", "calendars")}`}
            </button>
          )}
        </div>
      </dialog>
    </>
  );
}

function skipReasons(plan: CalendarRemovalPreview) {
  return [...new Set(plan.instructors.map((i) => (i.action.kind === "skip" ? i.action.reason : "")))].join(", ");
}

"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/errors";

/**
 * Delete, asked twice: the confirmation says what else goes (the bookings, and the entries in the
 * booked instructors' Outlook calendars). On success the action redirects to the events list.
 */
export function DeleteEventButton(props: { title: string; bookedCount: number; remove: () => Promise<ActionResult> }) {
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const booked =
    props.bookedCount === 0
      ? "Nobody is booked on it."
      : `${props.bookedCount} booked instructor${props.bookedCount === 1 ? "" : "s"} will lose the bookings, and the entries in their Outlook calendars will be deleted.`;
  if (!confirming)
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete event
      </button>
    );
  return (
    <div role="alertdialog" aria-label="Confirm deleting this event" className="confirm-box">
      <p>
        Delete <strong>{props.title}</strong> with its sessions and resources? {booked} This cannot be undone.
      </p>
      {failure && (
        <p className="alert" role="alert">
          {failure}
        </p>
      )}
      <button
        type="button"
        className="danger"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const outcome = await props.remove();
            if (!outcome.ok) setFailure(outcome.message);
          })
        }
      >
        Delete for good
      </button>{" "}
      <button type="button" className="secondary" disabled={pending} onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </div>
  );
}

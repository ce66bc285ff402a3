"use client";

import { useEffect, useRef, useState } from "react";

/**
 * "Remove <name>", confirmed first: removing a booking deletes its entries from the instructor's
 * Outlook calendar. The confirmation takes the focus; Cancel gives it back to the button.
 */
export function RemoveBooking({
  name,
  connected,
  remove,
}: {
  name: string;
  /** Whether they have Outlook entries to lose (a connected calendar). */
  connected: boolean;
  remove: () => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  const confirmBox = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) confirmBox.current?.focus();
    else if (wasConfirming.current) opener.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  if (!confirming)
    return (
      <button ref={opener} type="button" className="danger" onClick={() => setConfirming(true)}>
        Remove<span className="sr-only"> {name}</span>
      </button>
    );
  return (
    <div
      ref={confirmBox}
      tabIndex={-1}
      role="alertdialog"
      aria-label={`Confirm removing ${name}`}
      className="confirm-box"
    >
      <p>
        Remove {name} from this event?
        {connected ? " The event's entries are deleted from their Outlook calendar." : ""}
      </p>
      <form action={remove} style={{ display: "inline" }}>
        <button type="submit" className="danger">
          Remove {name}
        </button>
      </form>{" "}
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </div>
  );
}

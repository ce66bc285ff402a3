"use client";

import { useId } from "react";
import type { AvailabilityState } from "@/lib/sync/availability-state";

/**
 * A calendar glyph (plain when the mirror is trusted, with a "?" when availability is unknown) that is a
 * button: it opens a popover with what the glyph stands for (its state, privacy mode, last sync) and
 * what that means for this event. A native popover: keyboard, touch and Escape work, nothing to wire.
 */
export function CalendarIcon({
  state,
  tooltip,
  name,
  conflictCount,
}: {
  state: AvailabilityState;
  tooltip: string;
  name: string;
  conflictCount: number;
}) {
  const popover = `calendar-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const unknown = state !== "synced";
  const lines = [...(unknown ? [] : ["Calendar synced"]), ...tooltip.split(" · ").filter(Boolean)];
  const meaning = unknown
    ? "Availability unknown: not counted as free."
    : conflictCount === 0
      ? "Free for every session of this event."
      : `${conflictCount} conflict${conflictCount === 1 ? "" : "s"} with this event: expand the number beside it for each one.`;
  return (
    <>
      <button
        type="button"
        className={`cal-icon ${unknown ? "unknown" : "synced"}`}
        popoverTarget={popover}
        aria-label={`Calendar of ${name}: ${lines.join(", ")}`}
        data-testid="calendar-icon"
        data-state={state}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
          <rect x="3" y="5" width="18" height="16" rx="2" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M3 10h18M8 3v4M16 3v4" stroke="currentColor" strokeWidth="2" />
          {unknown && (
            <text x="12" y="19" textAnchor="middle" fontSize="9" fontWeight="700" fill="currentColor">
              ?
            </text>
          )}
        </svg>
      </button>
      <div id={popover} popover="auto" className="cal-popover" data-testid="calendar-popover">
        <strong>{name}&apos;s calendar</strong>
        <ul>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p>{meaning}</p>
        <button type="button" className="secondary small-button" popoverTarget={popover} popoverTargetAction="hide">
          Close
        </button>
      </div>
    </>
  );
}

import type { AvailabilityState } from "@/lib/sync/availability-state";

/** A calendar glyph: plain when the mirror is trusted, with a "?" when availability is unknown. */
export function CalendarIcon({ state, tooltip }: { state: AvailabilityState; tooltip: string }) {
  const unknown = state !== "synced";
  return (
    <span
      className={`cal-icon ${unknown ? "unknown" : "synced"}`}
      role="img"
      aria-label={unknown ? tooltip : `Calendar synced · ${tooltip}`}
      title={unknown ? tooltip : `Calendar synced · ${tooltip}`}
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
    </span>
  );
}

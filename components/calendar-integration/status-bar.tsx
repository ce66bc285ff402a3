"use client";

import type { HealthState } from "@/lib/sync/connection-health";
import { healthTone } from "./health-tone";
import type { StatusCount } from "./status-summary";
import "./live-status.css";

/**
 * Counts per status above the Calendar Integration table, as a proportional bar and a row of
 * buttons: clicking one filters the table to that status, clicking it again shows everyone.
 */
export function StatusBar({
  counts,
  total,
  active,
  onSelect,
}: {
  counts: StatusCount[];
  total: number;
  active: HealthState | null;
  onSelect: (state: HealthState | null) => void;
}) {
  if (total === 0) return null;
  return (
    <div className="status-bar" data-testid="status-bar">
      <div className="status-bar-track" aria-hidden="true">
        {counts.map((c) => (
          <span
            key={c.state}
            className={`status-bar-part tone-${healthTone[c.state]}`}
            style={{ flexGrow: c.count }}
            title={`${c.label}: ${c.count}`}
          />
        ))}
      </div>
      <div className="status-bar-buttons" role="group" aria-label="Filter by status">
        <button
          type="button"
          className={`status-chip${active === null ? " selected" : ""}`}
          aria-pressed={active === null}
          onClick={() => onSelect(null)}
        >
          All <strong>{total}</strong>
        </button>
        {counts.map((c) => (
          <button
            key={c.state}
            type="button"
            data-state={c.state}
            className={`status-chip tone-${healthTone[c.state]}${active === c.state ? " selected" : ""}`}
            aria-pressed={active === c.state}
            onClick={() => onSelect(active === c.state ? null : c.state)}
          >
            <span className="status-dot" aria-hidden="true" />
            {c.label} <strong>{c.count}</strong>
          </button>
        ))}
      </div>
    </div>
  );
}

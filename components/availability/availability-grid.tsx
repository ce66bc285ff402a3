"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import type { GridRow } from "./availability-view";

/**
 * Instructors × days. One cell is in the tab order at a time (a roving tabindex); arrow keys, Home,
 * End, Page Up and Page Down move between cells, as in the WAI-ARIA grid pattern.
 */
export function AvailabilityGrid({
  days,
  rows,
}: {
  days: { key: string; label: string; weekend: boolean }[];
  rows: GridRow[];
}) {
  const [focus, setFocus] = useState<[number, number]>([0, 0]);
  const table = useRef<HTMLTableElement>(null);
  const move = (row: number, col: number) => {
    const r = Math.max(0, Math.min(rows.length - 1, row));
    const c = Math.max(0, Math.min(days.length - 1, col));
    setFocus([r, c]);
    table.current?.querySelector<HTMLElement>(`[data-cell="${r}-${c}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const [r, c] = focus;
    const to: Record<string, [number, number]> = {
      ArrowRight: [r, c + 1],
      ArrowLeft: [r, c - 1],
      ArrowDown: [r + 1, c],
      ArrowUp: [r - 1, c],
      Home: event.ctrlKey ? [0, 0] : [r, 0],
      End: event.ctrlKey ? [rows.length - 1, days.length - 1] : [r, days.length - 1],
      PageDown: [r + 10, c],
      PageUp: [r - 10, c],
    };
    const target = to[event.key];
    if (!target) return;
    event.preventDefault();
    move(...target);
  };
  return (
    <table
      ref={table}
      // Four weeks are 28 narrow columns: the compact layout wraps each block at its dash.
      className={days.length > 7 ? "availability compact" : "availability"}
      role="grid"
      aria-label="Instructor availability"
      aria-rowcount={rows.length + 1}
      onKeyDown={onKeyDown}
      data-testid="availability-grid"
    >
      <thead>
        <tr>
          <th scope="col">Instructor</th>
          {days.map((d) => (
            <th key={d.key} scope="col" className={d.weekend ? "weekend" : undefined}>
              {d.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={days.length + 1} className="muted">
              No instructor matches.
            </td>
          </tr>
        )}
        {rows.map((row, r) => (
          <tr key={row.id} data-instructor-id={row.id}>
            <th scope="row" title={row.unknown ?? undefined}>
              {row.name}
              {row.unknown && <div className="unknown-note">Availability unknown</div>}
            </th>
            {row.cells.map((blocks, c) => {
              const label = `${row.name}, ${days[c]!.label}: ${
                blocks.length ? blocks.map((b) => `${b.text} ${b.title}`).join("; ") : row.unknown ? "unknown" : "free"
              }`;
              return (
                <td
                  key={days[c]!.key}
                  role="gridcell"
                  tabIndex={focus[0] === r && focus[1] === c ? 0 : -1}
                  data-cell={`${r}-${c}`}
                  aria-label={label}
                  onFocus={() => setFocus([r, c])}
                  className={
                    [row.unknown ? "unknown" : "", days[c]!.weekend ? "weekend" : ""].join(" ").trim() || undefined
                  }
                >
                  {blocks.map((b, i) => (
                    <div key={i} className={`block ${b.kind}`} title={b.title}>
                      {b.text}
                    </div>
                  ))}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

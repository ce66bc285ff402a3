"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { Block, GridRow } from "./availability-view";
import { blockText } from "./block-text";
import { AVAILABILITY_CHUNK } from "./availability-chunk";

/** Rows drawn before the browser has measured anything (the server's render): about one screen. */
const FIRST_PAINT = { width: 1000, height: 640 };

/**
 * Instructors × days, each day a bar of its 24 hours with the busy time placed where it falls:
 * bookings here on the bar's upper half, hatched; Outlook time on its lower half, solid (dashed when
 * tentative). Position and pattern tell them apart, not colour alone (WCAG 1.4.1), and each cell's
 * name lists its times in words. Only the rows in view are in the document (@tanstack/react-virtual):
 * 500 instructors over four weeks would otherwise be ~60,000 elements; and only the chunks of rows that
 * have come into view are read (`loadRows`), the first with the page.
 *
 * One cell is in the tab order at a time (a roving tabindex); arrow keys, Home, End, Page Up and Page
 * Down move between cells, as in the WAI-ARIA grid pattern, scrolling the row into view first.
 */
export function AvailabilityGrid({
  days,
  people,
  firstRows,
  loadRows,
}: {
  days: { key: string; label: string; weekend: boolean }[];
  /** Everyone the grid lists, in order. */
  people: { id: string; name: string }[];
  /** The first chunk's rows, read with the page. */
  firstRows: GridRow[];
  /** A further chunk of AVAILABILITY_CHUNK rows. */
  loadRows: (chunk: number) => Promise<GridRow[]>;
}) {
  const compact = days.length > 7;
  const [chunks, setChunks] = useState<Map<number, GridRow[]>>(() => new Map([[0, firstRows]]));
  const requested = useRef(new Set([0]));
  const rowAt = (index: number): GridRow | null =>
    chunks.get(Math.floor(index / AVAILABILITY_CHUNK))?.[index % AVAILABILITY_CHUNK] ?? null;
  const [focus, setFocus] = useState<[number, number]>([0, 0]);
  const wantsFocus = useRef(false);
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: people.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => (compact ? 34 : 58),
    overscan: 4,
    initialRect: FIRST_PAINT,
  });

  useEffect(() => {
    if (!wantsFocus.current) return;
    const cell = scroller.current?.querySelector<HTMLElement>(`[data-cell="${focus[0]}-${focus[1]}"]`);
    if (cell) {
      wantsFocus.current = false;
      cell.focus();
    }
  });

  const move = (row: number, col: number) => {
    const r = Math.max(0, Math.min(people.length - 1, row));
    const c = Math.max(0, Math.min(days.length - 1, col));
    wantsFocus.current = true;
    virtualizer.scrollToIndex(r, { align: "auto" });
    setFocus([r, c]);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const [r, c] = focus;
    const to: Record<string, [number, number]> = {
      ArrowRight: [r, c + 1],
      ArrowLeft: [r, c - 1],
      ArrowDown: [r + 1, c],
      ArrowUp: [r - 1, c],
      Home: event.ctrlKey ? [0, 0] : [r, 0],
      End: event.ctrlKey ? [people.length - 1, days.length - 1] : [r, days.length - 1],
      PageDown: [r + 10, c],
      PageUp: [r - 10, c],
    };
    const target = to[event.key];
    if (!target) return;
    event.preventDefault();
    move(...target);
  };

  const items = virtualizer.getVirtualItems();
  const wanted = [...new Set(items.map((item) => Math.floor(item.index / AVAILABILITY_CHUNK)))].join(",");
  useEffect(() => {
    for (const chunk of wanted.split(",").filter(Boolean).map(Number)) {
      if (requested.current.has(chunk)) continue;
      requested.current.add(chunk);
      loadRows(chunk).then(
        (loaded) => setChunks((current) => new Map(current).set(chunk, loaded)),
        () => requested.current.delete(chunk), // tried again when it next comes into view
      );
    }
  }, [wanted, loadRows]);
  const before = items.length ? items[0]!.start : 0;
  const after = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const spacer = (height: number) =>
    height > 0 ? (
      <tr aria-hidden="true" className="spacer">
        <td colSpan={days.length + 1} style={{ height, padding: 0, border: 0 }} />
      </tr>
    ) : null;

  return (
    <div className="availability-scroll" ref={scroller} data-testid="availability-scroll">
      <table
        className={compact ? "availability compact" : "availability"}
        role="grid"
        aria-label="Instructor availability"
        aria-rowcount={people.length + 1}
        onKeyDown={onKeyDown}
        data-testid="availability-grid"
      >
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Instructor</th>
            {days.map((d) => (
              <th key={d.key} scope="col" className={d.weekend ? "weekend" : undefined}>
                {d.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {people.length === 0 && (
            <tr>
              <td colSpan={days.length + 1} className="muted">
                No instructor matches.
              </td>
            </tr>
          )}
          {spacer(before)}
          {items.map((item) => {
            const person = people[item.index]!;
            const row = rowAt(item.index);
            const r = item.index;
            return (
              <tr
                key={person.id}
                data-instructor-id={person.id}
                data-index={r}
                aria-rowindex={r + 2}
                ref={virtualizer.measureElement}
              >
                <th scope="row" title={row?.unknown ?? undefined}>
                  {person.name}
                  {row?.unknown && <div className="unknown-note">Availability unknown</div>}
                </th>
                {days.map((day, c) => {
                  const blocks = row?.cells[c] ?? [];
                  return (
                    <td
                      key={day.key}
                      role="gridcell"
                      tabIndex={focus[0] === r && focus[1] === c ? 0 : -1}
                      data-cell={`${r}-${c}`}
                      // One text for both: the tooltip is also the cell's accessible name (its
                      // drawing is hidden), half the HTML of a separate aria-label.
                      title={row ? cellLabel(row, day.label, blocks) : `${person.name}, ${day.label}: loading`}
                      aria-busy={row ? undefined : true}
                      onFocus={() => setFocus([r, c])}
                      className={
                        [row?.unknown ? "unknown" : "", day.weekend ? "weekend" : ""].join(" ").trim() || undefined
                      }
                    >
                      {row ? <DayBar blocks={blocks} /> : <div className="day-bar loading" />}
                      {!compact &&
                        blocks.map((b, i) => (
                          <div key={i} className={`block ${b.kind}`} aria-hidden="true">
                            {blockText(b)}
                          </div>
                        ))}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {spacer(after)}
        </tbody>
      </table>
    </div>
  );
}

const kindWords: Record<Block["kind"], string> = { internal: "Booked", external: "Outlook", tentative: "Outlook" };

function cellLabel(row: GridRow, day: string, blocks: Block[]) {
  const what = blocks.length
    ? blocks.map((b) => `${kindWords[b.kind]} ${blockText(b)} ${b.title}`).join("; ")
    : row.unknown
      ? "unknown"
      : "free";
  return `${row.name}, ${day}: ${what}`;
}

const percent = (minutes: number) => Math.round((minutes / 1440) * 1000) / 10;

/** The day's 24 hours by the wall clock, each busy stretch at its place (the 08:00–18:00 band is CSS). */
function DayBar({ blocks }: { blocks: Block[] }) {
  return (
    <div className="day-bar" aria-hidden="true">
      {blocks.map((b, i) => (
        <span
          key={i}
          className={`day-bar-part ${b.kind}`}
          style={{ left: `${percent(b.from)}%`, width: `${Math.max(percent(b.to - b.from), 1.5)}%` }}
        />
      ))}
    </div>
  );
}

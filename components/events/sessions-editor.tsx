"use client";

import { useState } from "react";
import { FieldError } from "@/components/forms/field-error";
import type { ActionResult } from "@/lib/errors";
import type { SessionRowValue } from "./event-form-values";

export function SessionsEditor({ initial, state }: { initial: SessionRowValue[]; state: ActionResult }) {
  const [rows, setRows] = useState(initial);
  const nextKey = () => Math.max(-1, ...rows.map((r) => r.key)) + 1;
  const addRow = () => {
    const last = rows.at(-1);
    setRows([
      ...rows,
      { key: nextKey(), name: "", date: "", start: last?.start ?? "09:00", end: last?.end ?? "17:00" },
    ]);
  };

  return (
    <div className="rows">
      <div className="row session muted" aria-hidden>
        <span>Name (optional)</span>
        <span>Date</span>
        <span>Starts</span>
        <span>Ends</span>
        <span />
      </div>
      {rows.map((row, index) => (
        <div key={row.key} className="row session" data-testid="session-row">
          <input
            name={`sessions.${index}.name`}
            defaultValue={row.name}
            aria-label={`Session ${index + 1} name`}
            placeholder={`Day ${index + 1}`}
          />
          <div className="field">
            <input
              name={`sessions.${index}.date`}
              type="date"
              defaultValue={row.date}
              aria-label={`Session ${index + 1} date`}
              required
            />
            <FieldError state={state} name={`sessions.${index}.date`} />
          </div>
          <div className="field">
            <input
              name={`sessions.${index}.start`}
              type="time"
              defaultValue={row.start}
              aria-label={`Session ${index + 1} start time`}
              required
            />
            <FieldError state={state} name={`sessions.${index}.start`} />
          </div>
          <div className="field">
            <input
              name={`sessions.${index}.end`}
              type="time"
              defaultValue={row.end}
              aria-label={`Session ${index + 1} end time`}
              required
            />
            <FieldError state={state} name={`sessions.${index}.end`} />
          </div>
          <button
            type="button"
            className="secondary"
            onClick={() => setRows(rows.filter((r) => r.key !== row.key))}
            disabled={rows.length === 1}
            aria-label={`Remove session ${index + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="secondary" onClick={addRow}>
          Add session
        </button>
      </div>
    </div>
  );
}

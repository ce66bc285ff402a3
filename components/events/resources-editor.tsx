"use client";

import { useState } from "react";
import { FieldError } from "@/components/forms/field-error";
import type { ActionResult } from "@/lib/errors";
import type { ResourceRowValue } from "./event-form-values";

export function ResourcesEditor({ initial, state }: { initial: ResourceRowValue[]; state: ActionResult }) {
  const [rows, setRows] = useState(initial);
  const addRow = () => setRows([...rows, { key: Math.max(-1, ...rows.map((r) => r.key)) + 1, name: "", quantity: 1 }]);
  return (
    <div className="rows">
      {rows.length === 0 && <p className="muted">No rooms, kit or materials booked.</p>}
      {rows.map((row, index) => (
        <div key={row.key} className="row resource">
          <div className="field">
            <input
              name={`resources.${index}.name`}
              defaultValue={row.name}
              aria-label={`Resource ${index + 1}`}
              placeholder="Projector"
            />
            <FieldError state={state} name={`resources.${index}.name`} />
          </div>
          <div className="field">
            <input
              name={`resources.${index}.quantity`}
              type="number"
              min={1}
              defaultValue={row.quantity}
              aria-label={`Resource ${index + 1} quantity`}
            />
            <FieldError state={state} name={`resources.${index}.quantity`} />
          </div>
          <button type="button" className="secondary" onClick={() => setRows(rows.filter((r) => r.key !== row.key))}>
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="secondary" onClick={addRow}>
          Add resource
        </button>
      </div>
    </div>
  );
}

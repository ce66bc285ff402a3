"use client";

import { FieldError, FormMessage } from "@/components/forms/field-error";
import { useFormAction } from "@/components/forms/use-form-action";
import type { ActionResult } from "@/lib/errors";

export function LocationForm({
  action,
  values,
  timeZones,
  submitLabel,
}: {
  action: (state: ActionResult, form: FormData) => Promise<ActionResult>;
  values: { name: string; timeZone: string; address: string };
  timeZones: string[];
  submitLabel: string;
}) {
  const { state, onSubmit, pending } = useFormAction(action);
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      <div className="grid3">
        <div className="field">
          <label>
            Name
            <input name="name" defaultValue={values.name} required />
          </label>
          <FieldError state={state} name="name" />
        </div>
        <div className="field">
          <label>
            Time zone
            <select name="timeZone" defaultValue={values.timeZone}>
              {timeZones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </label>
          <FieldError state={state} name="timeZone" />
        </div>
        <div className="field">
          <label>
            Address
            <input name="address" defaultValue={values.address} />
          </label>
        </div>
      </div>
      <div className="toolbar">
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function VenueForm({ action }: { action: (state: ActionResult, form: FormData) => Promise<ActionResult> }) {
  const { state, onSubmit, pending } = useFormAction(action);
  return (
    <form onSubmit={onSubmit} className="toolbar">
      <input name="name" placeholder="Room or building" aria-label="New venue name" style={{ width: 240 }} />
      <button type="submit" className="secondary" disabled={pending}>
        Add venue
      </button>
      <FieldError state={state} name="name" />
    </form>
  );
}

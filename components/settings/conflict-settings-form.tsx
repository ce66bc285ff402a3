"use client";

import { FormMessage } from "@/components/forms/field-error";
import { useFormAction } from "@/components/forms/use-form-action";
import type { ActionResult } from "@/lib/errors";
import { conflictRuleKeys, conflictRuleLabels, type ConflictSettings } from "@/lib/sync/conflict-settings";

export function ConflictSettingsForm(props: {
  action: (state: ActionResult, form: FormData) => Promise<ActionResult>;
  settings: ConflictSettings;
  readOnly: boolean;
}) {
  const { state, onSubmit, pending } = useFormAction(props.action);
  return (
    <form onSubmit={onSubmit} className="stack">
      <fieldset disabled={props.readOnly} style={{ border: "none", padding: 0, display: "grid", gap: 8 }}>
        <legend className="muted">Count as a conflict:</legend>
        {conflictRuleKeys.map((key) => (
          <label key={key}>
            <input type="checkbox" name={key} defaultChecked={props.settings[key]} /> {conflictRuleLabels[key]}
          </label>
        ))}
      </fieldset>
      {!props.readOnly && (
        <div>
          <button type="submit" disabled={pending}>
            Save rules
          </button>
        </div>
      )}
      <FormMessage state={state} />
    </form>
  );
}

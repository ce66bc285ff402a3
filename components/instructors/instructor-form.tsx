"use client";

import { FieldError, FormMessage } from "@/components/forms/field-error";
import { useFormAction } from "@/components/forms/use-form-action";
import type { ActionResult } from "@/lib/errors";

type Values = { name: string; email: string; timeZone: string; microsoftAccount?: string | null };

export function InstructorForm({
  action,
  values,
  timeZones,
  submitLabel,
}: {
  action: (state: ActionResult, form: FormData) => Promise<ActionResult>;
  values: Values;
  timeZones: string[];
  submitLabel: string;
}) {
  const { state, onSubmit, pending } = useFormAction(action);
  return (
    <form onSubmit={onSubmit} className="stack" noValidate style={{ maxWidth: 520 }}>
      <FormMessage state={state} />
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" defaultValue={values.name} required />
        <FieldError state={state} name="name" />
      </div>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" defaultValue={values.email} required />
        <span className="hint">The address of their Microsoft 365 account, where invitations go.</span>
        <FieldError state={state} name="email" />
      </div>
      <div className="field">
        <label htmlFor="microsoftAccount">Microsoft account</label>
        <input
          id="microsoftAccount"
          name="microsoftAccount"
          type="email"
          defaultValue={values.microsoftAccount ?? ""}
          placeholder="Same as the email"
        />
        <span className="hint">
          Only if their Microsoft 365 sign-in name differs from the email above. Their calendar can be connected only
          from this account (or, when empty, from the account of the email).
        </span>
        <FieldError state={state} name="microsoftAccount" />
      </div>
      <div className="field">
        <label htmlFor="timeZone">Home time zone</label>
        <select id="timeZone" name="timeZone" defaultValue={values.timeZone}>
          {timeZones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        <FieldError state={state} name="timeZone" />
      </div>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
      </div>
    </form>
  );
}

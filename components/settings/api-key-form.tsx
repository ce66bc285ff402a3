"use client";

import { FieldError, FormMessage } from "@/components/forms/field-error";
import { useFormAction } from "@/components/forms/use-form-action";
import { apiKeyScopeLabels } from "@/lib/auth/api-key-scopes";
import type { ActionResult } from "@/lib/errors";

type Result = ActionResult & { secret?: string };

export function ApiKeyForm({ action }: { action: (state: Result, form: FormData) => Promise<Result> }) {
  const { state, onSubmit, pending } = useFormAction(action);
  const secret = state.secret;
  return (
    <form onSubmit={onSubmit} className="stack">
      <div className="toolbar">
        <input
          name="name"
          placeholder="What will use it, e.g. Booking system"
          aria-label="Key name"
          style={{ width: 320 }}
        />
        <select name="scope" aria-label="Access" defaultValue="read-write">
          {Object.entries(apiKeyScopeLabels).map(([scope, label]) => (
            <option key={scope} value={scope}>
              {label}
            </option>
          ))}
        </select>
        <select name="expiresInDays" aria-label="Expires" defaultValue="">
          <option value="">Never expires</option>
          <option value="30">Expires in 30 days</option>
          <option value="90">Expires in 90 days</option>
          <option value="365">Expires in 1 year</option>
        </select>
        <button type="submit" disabled={pending}>
          Create key
        </button>
      </div>
      <FieldError state={state} name="name" />
      <FieldError state={state} name="scope" />
      <FieldError state={state} name="expiresInDays" />
      <FormMessage state={state} />
      {secret && (
        <code className="secret" data-testid="new-api-key">
          {secret}
        </code>
      )}
    </form>
  );
}

"use client";

import { FieldError, FormMessage } from "@/components/forms/field-error";
import { useFormAction } from "@/components/forms/use-form-action";
import { CopyField } from "@/components/connect/copy-field";
import type { ActionResult } from "@/lib/errors";

type Result = ActionResult & { url?: string };

export function AdminConsentUrlForm({ action }: { action: (state: Result, form: FormData) => Promise<Result> }) {
  const { state, onSubmit, pending } = useFormAction(action);
  return (
    <form onSubmit={onSubmit} className="stack">
      <div className="toolbar">
        <input
          name="tenant"
          placeholder="contoso.com or tenant ID"
          aria-label="Tenant domain or ID"
          style={{ width: 320 }}
        />
        <button type="submit" disabled={pending}>
          Generate consent link
        </button>
      </div>
      <FieldError state={state} name="tenant" />
      <FormMessage state={state} />
      {state.url && <CopyField value={state.url} label="Admin consent link" />}
    </form>
  );
}

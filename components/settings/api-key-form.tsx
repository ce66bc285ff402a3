"use client";

import { FieldError, FormMessage } from "@/components/forms/field-error";
import { useFormAction } from "@/components/forms/use-form-action";
import type { ActionResult } from "@/lib/errors";

type Result = ActionResult & { secret?: string };

export function ApiKeyForm({ action }: { action: (state: Result, form: FormData) => Promise<Result> }) {
  const { state, onSubmit, pending } = useFormAction(action);
  const secret = state.secret;
  return (
    <form onSubmit={onSubmit} className="stack">
      <div className="toolbar">
        <input name="name" placeholder="What will use it, e.g. Booking system" aria-label="Key name" style={{ width: 320 }} />
        <button type="submit" disabled={pending}>Create key</button>
      </div>
      <FieldError state={state} name="name" />
      <FormMessage state={state} />
      {secret && <code className="secret" data-testid="new-api-key">{secret}</code>}
    </form>
  );
}

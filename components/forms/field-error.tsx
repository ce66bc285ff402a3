import type { ActionResult } from "@/lib/errors";

export function fieldErrors(state: ActionResult, name: string): string[] {
  return state.ok ? [] : (state.fieldErrors[name] ?? []);
}

export function FieldError({ state, name }: { state: ActionResult; name: string }) {
  const errors = fieldErrors(state, name);
  if (!errors.length) return null;
  return (
    <span className="error" role="alert" data-field-error={name}>
      {errors.join(" ")}
    </span>
  );
}

export function FormMessage({ state }: { state: ActionResult }) {
  if (!state.ok)
    return (
      <p className="alert" role="alert">
        {state.message}
      </p>
    );
  if (state.message)
    return (
      <p className="notice" role="status">
        {state.message}
      </p>
    );
  return null;
}

"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import { initialActionResult, type ActionResult } from "@/lib/errors";

/**
 * A server action bound to a form, submitted from onSubmit rather than `<form action>`: React 19
 * resets a form after an action, which would wipe what the user typed when validation fails.
 * After a failed submit, focus goes to the first field with an error (else to the form's message), so
 * keyboard and screen-reader users land where the problem is.
 */
export function useFormAction<S extends ActionResult>(action: (state: S, form: FormData) => Promise<S>) {
  const [state, dispatch, pending] = useActionState<S, FormData>(action, initialActionResult as Awaited<S>);
  const form = useRef<HTMLFormElement | null>(null);
  useEffect(() => {
    if (state.ok || !form.current) return;
    focusFirstProblem(form.current);
  }, [state]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.current = event.currentTarget;
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  return { state, onSubmit, pending };
}

function focusFirstProblem(form: HTMLFormElement) {
  const error = form.querySelector<HTMLElement>("[data-field-error]");
  const control = error?.closest(".field")?.querySelector<HTMLElement>("input, select, textarea");
  if (control) return control.focus();
  const message = form.querySelector<HTMLElement>('[role="alert"]');
  if (message) {
    message.tabIndex = -1;
    message.focus();
  }
}

"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { initialActionResult, type ActionResult } from "@/lib/errors";

/**
 * A server action bound to a form, submitted from onSubmit rather than `<form action>`: React 19
 * resets a form after an action, which would wipe what the user typed when validation fails.
 */
export function useFormAction<S extends ActionResult>(action: (state: S, form: FormData) => Promise<S>) {
  const [state, dispatch, pending] = useActionState<S, FormData>(action, initialActionResult as Awaited<S>);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => dispatch(form));
  };
  return { state, onSubmit, pending };
}

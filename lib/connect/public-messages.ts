/**
 * What the public Connect pages may say, by code. Redirects carry a code, never text: a page that
 * printed `?message=` would say whatever a crafted link wanted it to, and Microsoft's own error
 * descriptions are not for instructors' eyes.
 */
export const problemMessages = {
  not_this_browser: {
    title: "This sign-in could not be matched to your invitation",
    text: "This sign-in did not start in this browser, or its link was altered.",
  },
  already_completed: {
    title: "This sign-in was already completed",
    text: "The answer from Microsoft had already been used.",
  },
  too_slow: { title: "The sign-in took too long", text: "Please start again." },
  invitation_unusable: {
    title: "This invitation can no longer be used",
    text: "It was replaced by a newer one, or it expired.",
  },
  invitation_used: {
    title: "This invitation was already used",
    text: "Another sign-in with the same link finished first.",
  },
  no_code: { title: "Microsoft did not complete the sign-in", text: "Microsoft did not send a sign-in code." },
  microsoft_refused: {
    title: "Microsoft did not complete the sign-in",
    text: "Microsoft did not accept the sign-in. Please try again.",
  },
  microsoft_error: {
    title: "Microsoft did not complete the sign-in",
    text: "Microsoft reported a problem with the sign-in. Please try again in a few minutes.",
  },
  account_in_use: {
    title: "This Microsoft account is already connected for someone else",
    text: "Each Microsoft account can be connected for one instructor only, and this one already is. Sign in with your own account, or ask your training coordinator.",
  },
  previous_connection_removing: {
    title: "Your previous calendar connection is still being removed",
    text: "This usually takes a minute. Try again shortly: your invitation still works.",
  },
  connection_changed: {
    title: "Your calendar connection changed while you were signing in",
    text: "Please start again: your invitation still works.",
  },
  busy: {
    title: "We are busy right now",
    text: "We could not finish this step because the service is busy or restarting. Please try again in a minute.",
  },
  sign_in_unavailable: {
    title: "Microsoft sign-in is not available here",
    text: "Calendar Sync is not set up to sign in with Microsoft yet. Please tell your training coordinator.",
  },
  unexpected: {
    title: "Something went wrong on our side",
    text: "Please try again in a few minutes. If it keeps happening, tell your training coordinator.",
  },
} as const satisfies Record<string, { title: string; text: string }>;
export type ProblemCode = keyof typeof problemMessages;

export const adminConsentMessages = {
  declined: "The administrator did not approve Calendar Sync.",
  not_confirmed: "Microsoft did not confirm the approval.",
  unknown_link: "This approval link is not known or has expired. Create a new one.",
  link_used: "This approval link was already used. Create a new one if you need to approve again.",
} as const;
export type AdminConsentMessageCode = keyof typeof adminConsentMessages;

export function messageFor<T extends Record<string, unknown>>(
  messages: T,
  code: string | undefined,
): T[keyof T] | undefined {
  return code && Object.hasOwn(messages, code) ? messages[code as keyof T] : undefined;
}

/** A link back into an invitation's wizard; anything else in a query parameter is ignored. */
export function safeConnectPath(value: string | undefined): string | undefined {
  return value && /^\/connect\/[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
}

/** The `error` codes the sign-in page explains (next-auth's own, and ours). */
export const tooManyAttempts = "TooManyAttempts";

const messages: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an admin account.",
  [tooManyAttempts]: "Too many sign-in attempts. Wait 15 minutes and try again.",
  NotAnAdmin: "You signed in, but this account is not an admin of Calendar Sync. Ask an owner to add you.",
  NotTheAdminsAccount:
    "This Microsoft account is not the one this admin signed in with before. Ask an owner to check your admin entry.",
  GuestAccount: "Guest accounts cannot sign in as admins. Sign in with your own organisation's account.",
  OAuthSignin: "Microsoft sign-in could not start. Try again in a moment.",
  OAuthCallback: "Microsoft sign-in did not complete. Try again.",
};

/** The explanation for an `error` code from the query string; unknown codes get a generic one. */
export function signInErrorMessage(code: string | null | undefined): string {
  return code && Object.hasOwn(messages, code) ? messages[code]! : "Sign-in failed. Try again.";
}

import { InteractionRequiredAuthError, ServerError } from "@azure/msal-node";

/**
 * Which MSAL failures mean "the instructor must sign in again". Per MSAL's own rules (reference §11):
 * InteractionRequiredAuthError, and a bare invalid_grant that surfaces as ServerError; also a cache
 * with no refresh token left. Everything else (network, 429, 5xx) is temporary.
 */
export function isReconnectRequired(error: unknown): boolean {
  if (error instanceof InteractionRequiredAuthError) return true;
  if (error instanceof ServerError && error.errorCode === "invalid_grant") return true;
  const code = (error as { errorCode?: unknown } | null)?.errorCode;
  return code === "no_tokens_found" || code === "refresh_token_expired" || code === "no_account_found";
}

export function describeMsalError(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { errorCode?: string; errorMessage?: string; message?: string };
    // AADSTS text says what Microsoft refused without carrying any token.
    const text = (e.errorMessage || e.message || "").split("\n")[0]?.slice(0, 300);
    return [e.errorCode, text].filter(Boolean).join(": ");
  }
  return String(error);
}

/**
 * What an error from Microsoft's sign-in means for the instructor. Codes come from the redirect's
 * `error` and the AADSTS number in `error_description` (reference §10): consent_required / 65001 /
 * 90094 / 90095 mean their organisation must approve the app first; access_denied / 65004 means
 * they (or the "Need admin approval" page's way back) declined.
 */
export type SignInErrorMeaning = "admin_approval" | "cancelled" | "failed";

export function aadstsCode(description: string | undefined): number | null {
  const match = /AADSTS(\d+)/.exec(description ?? "");
  return match ? Number(match[1]) : null;
}

export function classifySignInError(error: string, description?: string): SignInErrorMeaning {
  const code = aadstsCode(description);
  if (error === "consent_required" || code === 65001 || code === 90094 || code === 90095) return "admin_approval";
  if (error === "access_denied" || code === 65004) return "cancelled";
  return "failed";
}

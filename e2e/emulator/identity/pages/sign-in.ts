/** The sign-in page: an email field and "Sign in" (the emulator has no passwords). */
import { escapeHtml } from "../../core/http";
import { hidden, page } from "./layout";

export type SignInPageInput = {
  action: string;
  flowId: string;
  appName: string;
  tenantName?: string;
  loginHint?: string;
  error?: string;
  /**
   * "required": reached from "Have an admin account? Sign in with that account" (non-admins are refused);
   * "suggested": /adminconsent, where a non-admin goes on to "Need admin approval".
   */
  adminMode?: "required" | "suggested";
};

export function signInPage(input: SignInPageInput): string {
  const heading = input.adminMode ? "Sign in with an admin account" : "Sign in";
  const subtitle = input.tenantName
    ? `to continue to ${escapeHtml(input.appName)} &middot; ${escapeHtml(input.tenantName)}`
    : `to continue to ${escapeHtml(input.appName)}`;
  return page(
    `${heading} to your account`,
    `<h1>${heading}</h1>
<p class="muted">${subtitle}</p>
<form method="post" action="${escapeHtml(input.action)}" novalidate>
${hidden("flow", input.flowId)}
${input.adminMode === "required" ? hidden("admin", "1") : ""}
${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ""}
<label for="login" class="muted">Email</label>
<input type="email" id="login" name="login" autocomplete="username" autofocus placeholder="someone@example.com" value="${escapeHtml(input.loginHint ?? "")}" aria-label="Email">
<p class="muted">Any seeded or control-API user can sign in; no password is asked.</p>
<div class="buttons"><button type="submit" class="primary">Sign in</button></div>
</form>`,
  );
}

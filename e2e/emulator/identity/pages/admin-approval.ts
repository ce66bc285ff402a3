/**
 * "Need admin approval" (AADSTS90094), worded as Entra's page (reference §10.1): the way out is an
 * admin signing in, or returning to the app without consent (access_denied + AADSTS65004).
 */
import { escapeHtml } from "../../core/http";
import { appTile, page } from "./layout";

export type AdminApprovalPageInput = {
  appName: string;
  userEmail: string;
  adminSignInHref: string;
  returnHref: string;
  correlationId: string;
  timestamp: string;
};

export function adminApprovalPage(input: AdminApprovalPageInput): string {
  return page(
    "Need admin approval",
    `<div class="identity">${escapeHtml(input.userEmail)}</div>
<h1>Need admin approval</h1>
${appTile(input.appName, "unverified")}
<p>${escapeHtml(input.appName)} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.</p>
<div class="links">
<p><a id="admin-sign-in" href="${escapeHtml(input.adminSignInHref)}">Have an admin account? Sign in with that account</a></p>
<p><a id="return-to-app" href="${escapeHtml(input.returnHref)}">Return to the application without granting consent</a></p>
</div>
<div class="details muted">
<div>Error code: AADSTS90094</div>
<div>Correlation ID: ${escapeHtml(input.correlationId)}</div>
<div>Timestamp: ${escapeHtml(input.timestamp)}</div>
</div>`,
  );
}

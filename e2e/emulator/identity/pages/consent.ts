/**
 * "Permissions requested": the user (or an admin, for the whole organisation) accepts or cancels.
 * Admins get Entra's "Consent on behalf of your organization" checkbox; /adminconsent always
 * consents for the organisation.
 */
import { escapeHtml } from "../../core/http";
import { appTile, hidden, page } from "./layout";

export type ConsentPageInput = {
  action: string;
  flowId: string;
  appName: string;
  userEmail: string;
  tenantName: string;
  permissions: Array<{ name: string; description: string }>;
  /** "user": own consent (admins see the org checkbox); "organization": /adminconsent. */
  mode: "user" | "admin-user" | "organization";
  /** Pre-tick "Consent on behalf of your organization" (the admin came from "Need admin approval"). */
  orgPreselected?: boolean;
};

export function consentPage(input: ConsentPageInput): string {
  const items = input.permissions
    .map((p) => `<li data-permission="${escapeHtml(p.name)}">${escapeHtml(p.description)}</li>`)
    .join("\n");
  const forOrg = input.mode === "organization";
  return page(
    "Permissions requested",
    `<div class="identity">${escapeHtml(input.userEmail)}</div>
<h1>Permissions requested${forOrg ? '<br><span class="muted" style="font-size:15px;font-weight:400">Review for your organization</span>' : ""}</h1>
${appTile(input.appName, "unverified")}
<p>This app would like to:</p>
<ul class="permissions">
${items}
</ul>
<form method="post" action="${escapeHtml(input.action)}">
${hidden("flow", input.flowId)}
${
  input.mode === "admin-user"
    ? `<label class="check"><input type="checkbox" name="consentForOrg" value="1"${input.orgPreselected ? " checked" : ""}> <span>Consent on behalf of your organization</span></label>`
    : ""
}
<p class="muted">${
      forOrg
        ? `If you accept, this app will get access to the specified resources for all users in ${escapeHtml(input.tenantName)}, on behalf of your organization. No one else will be prompted to review these permissions.`
        : `Accepting these permissions means that you allow this app to use your data as specified in their terms of service and privacy statement. You can change these permissions at https://myapps.microsoft.com.`
    }</p>
<div class="buttons">
<button type="submit" name="action" value="cancel" class="secondary">Cancel</button>
<button type="submit" name="action" value="accept" class="primary">Accept</button>
</div>
</form>`,
  );
}

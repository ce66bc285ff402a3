/** Pages that end a flow: Entra's error page (errors it cannot redirect, e.g. AADSTS50011) and the form_post response. */
import { escapeHtml } from "../../core/http";
import { hidden, page } from "./layout";

export function errorPage(code: number, message: string, correlationId: string, timestamp: string): string {
  return page(
    "Sign in to your account",
    `<h1>Sorry, but we’re having trouble signing you in.</h1>
<p class="error" role="alert">AADSTS${code}: ${escapeHtml(message)}</p>
<div class="details muted">
<div>Error code: AADSTS${code}</div>
<div>Correlation ID: ${escapeHtml(correlationId)}</div>
<div>Timestamp: ${escapeHtml(timestamp)}</div>
</div>`,
  );
}

/** response_mode=form_post: an auto-submitting form, as Entra sends (a <noscript> button keeps it usable without JS). */
export function formPostPage(redirectUri: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => hidden(name, value))
    .join("\n");
  return `<!doctype html><html><head><title>Working...</title></head>
<body onload="document.forms[0].submit()">
<form method="POST" name="hiddenform" action="${escapeHtml(redirectUri)}">
${inputs}
<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript>
</form></body></html>`;
}

/**
 * Sending the outcome of an interactive flow back to the app, honouring response_mode (reference
 * §10.1): query (default for code), fragment, or form_post (an auto-submitting form).
 */
import { html, redirect } from "../core/http";
import type { EmulatorResponse } from "../core/types";
import type { ResponseMode } from "./authorize-request";
import { formPostPage } from "./pages/message";

export function respondToClient(
  target: { redirectUri: string; responseMode: ResponseMode },
  fields: Record<string, string | undefined>,
  headers: Record<string, string | string[]> = {},
): EmulatorResponse {
  const present = Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  if (target.responseMode === "form_post") return html(200, formPostPage(target.redirectUri, present), headers);
  const url = new URL(target.redirectUri);
  if (target.responseMode === "fragment") {
    url.hash = new URLSearchParams(present).toString();
  } else {
    for (const [key, value] of Object.entries(present)) url.searchParams.set(key, value);
  }
  return redirect(url.toString(), headers);
}

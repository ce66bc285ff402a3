/**
 * App registrations: client lookup, redirect URI rules and client authentication.
 * Redirect URIs: any http(s) loopback URI (localhost, 127.0.0.1, [::1]) is accepted for every app so
 * tests and dev servers on any port work without registration — Entra itself relaxes only the port
 * of registered loopback URIs; anything else must be registered exactly, or AADSTS50011 (reference §10.2 table).
 */
import { timingSafeEqual } from "node:crypto";
import { headerValue } from "../core/http";
import type { EmulatorRequest } from "../core/types";
import type { AppRegistration, EmulatorState } from "../state";
import { aadsts, type OAuthError } from "./oauth-errors";

export function findApp(state: EmulatorState, clientId: string | null | undefined): AppRegistration | undefined {
  return clientId ? (state.apps.get(clientId.toLowerCase()) ?? state.apps.get(clientId)) : undefined;
}

export function isAllowedRedirectUri(app: AppRegistration, redirectUri: string): boolean {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)) return true;
  return app.redirectUris.includes(redirectUri);
}

/**
 * Client authentication for the token endpoint: client_secret in the body, or HTTP Basic
 * (reference §10.2). Returns the app or the OAuth error to send.
 */
export function authenticateClient(
  state: EmulatorState,
  req: EmulatorRequest,
  tenantLabel: string,
): { ok: true; app: AppRegistration } | { ok: false; error: OAuthError } {
  const basic = parseBasic(headerValue(req.headers.authorization));
  const clientId = req.form.get("client_id") ?? basic?.id ?? null;
  if (!clientId) return { ok: false, error: aadsts.missingParameter("client_id") };
  const app = findApp(state, clientId);
  if (!app) return { ok: false, error: aadsts.appNotFound(clientId, tenantLabel) };
  const secret = req.form.get("client_secret") ?? basic?.secret ?? null;
  if (req.form.get("client_assertion")) return { ok: false, error: aadsts.invalidClientSecret(app.clientId) };
  if (!secret) return { ok: false, error: aadsts.missingClientSecret() };
  if (!safeEqual(secret, app.clientSecret)) return { ok: false, error: aadsts.invalidClientSecret(app.clientId) };
  return { ok: true, app };
}

function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header?.startsWith("Basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

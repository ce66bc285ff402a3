/**
 * Response builders and small HTTP helpers shared by every route. Graph's error envelope lives here
 * (not in part 2) because fault injection must produce it for any non-token path (reference §6).
 */
import { randomUUID } from "node:crypto";
import type { EmulatorRequest, EmulatorResponse } from "./types";

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
    body: JSON.stringify(body),
  };
}

export function html(status: number, body: string, headers: Record<string, string | string[]> = {}): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers },
    body,
  };
}

export function redirect(location: string, headers: Record<string, string | string[]> = {}): EmulatorResponse {
  return { status: 302, headers: { location, "cache-control": "no-store", ...headers }, body: "" };
}

export function noContent(): EmulatorResponse {
  return { status: 204, headers: {}, body: "" };
}

/**
 * Graph's error envelope: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`
 * with request-id / client-request-id headers (reference §6; `innerError` casing per GraphErrorHandler).
 */
export function graphError(
  req: Pick<EmulatorRequest, "headers" | "requestId">,
  status: number,
  code: string,
  message: string,
  extraHeaders: Record<string, string> = {},
): EmulatorResponse {
  const clientRequestId = headerValue(req.headers["client-request-id"]) ?? randomUUID();
  const date = new Date().toISOString().replace(/\.\d{3}Z$/, "");
  return json(
    status,
    {
      error: { code, message, innerError: { date, "request-id": req.requestId, "client-request-id": clientRequestId } },
    },
    { "request-id": req.requestId, "client-request-id": clientRequestId, ...extraHeaders },
  );
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return cookies;
}

/** Append parameters to a URL's query string (keeps any query already in it, as Entra does). */
export function withQuery(url: string, params: Record<string, string | undefined>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) target.searchParams.set(key, value);
  return target.toString();
}

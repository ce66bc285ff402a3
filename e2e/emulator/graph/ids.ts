/**
 * Opaque, case-sensitive, deterministic identifiers (graph-behaviour.md §1 id/iCalUId/changeKey,
 * §13 item 4). Deterministic (hash of a seed and a counter) so seeded data and tests are stable;
 * shaped like Exchange's so code that eyeballs them sees familiar strings. Never parse them
 * outside this file.
 */
import { createHash } from "node:crypto";

function digest(input: string): Buffer {
  return createHash("sha256").update(input).digest();
}

/**
 * Event id, e.g. "AAMkAG…AAA=" (REST ids use URL-safe base64 and end in "="). With distinct
 * immutable ids (id-forms.ts) the stored id is the immutable form, shaped like Exchange's "AAkALg…".
 */
export function newEventId(seed: string, counter: number, form: "rest" | "immutable" = "rest"): string {
  return `${form === "rest" ? "AAMkAG" : "AAkALg"}${digest(`event:${seed}:${counter}`).toString("base64url").slice(0, 40)}AAA=`;
}

export function newCalendarId(userId: string): string {
  return `AAMkAGcal${digest(`calendar:${userId}`).toString("base64url").slice(0, 40)}AAA=`;
}

const OCC_PREFIX = "AAMkOc";

/** Occurrence (and exception) id: derived from the master so it can be resolved without storage. */
export function occurrenceId(masterId: string, originalStartMs: number): string {
  return OCC_PREFIX + Buffer.from(`${masterId}|${originalStartMs}`).toString("base64url");
}

export function parseOccurrenceId(id: string): { masterId: string; originalStartMs: number } | null {
  if (!id.startsWith(OCC_PREFIX)) return null;
  const decoded = Buffer.from(id.slice(OCC_PREFIX.length), "base64url").toString("utf8");
  const bar = decoded.lastIndexOf("|");
  const ms = Number(decoded.slice(bar + 1));
  if (bar <= 0 || !Number.isFinite(ms)) return null;
  return { masterId: decoded.slice(0, bar), originalStartMs: ms };
}

/** changeKey: standard base64 of 22 bytes like "ZlnW4RIAV06KYYwlrfNZvQAALfZeRQ==" (§1). */
export function changeKeyFor(id: string, version: number): string {
  return digest(`ck:${id}:${version}`).subarray(0, 22).toString("base64");
}

export const etagFor = (changeKey: string) => `W/"${changeKey}"`;

/** iCalUId: Outlook's "040000008200E00074C5B7101A82E008…" hex form; per-occurrence values differ (§1). */
export function iCalUIdFor(key: string): string {
  const hex = digest(`ical:${key}`).toString("hex").toUpperCase();
  return `040000008200E00074C5B7101A82E00800000000${hex.slice(0, 16)}000000000000000010000000${hex.slice(16, 48)}`;
}

/** RFC 4122-shaped GUID from a seed (subscription ids, notification ids, request ids). */
export function guidFrom(seed: string): string {
  const h = digest(`guid:${seed}`).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

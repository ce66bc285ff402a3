/**
 * `Prefer` request header(s) as Graph reads them for calendars (graph-behaviour.md §1 body/id, §2
 * headers, §3 maxpagesize). Accepts repeated headers AND comma-separated lists, since which form the
 * service requires is [UNV]. Unknown preferences are ignored, as RFC 7240 asks.
 */
import { resolveZone, type ResolvedZone } from "./time-zones";

export type Preferences = {
  /** outlook.timezone, resolved; undefined = UTC rendering. */
  timeZone?: ResolvedZone;
  /** outlook.body-content-type. */
  bodyContentType?: "text" | "html";
  /** odata.maxpagesize. */
  maxPageSize?: number;
  /** IdType="ImmutableId". */
  immutableId: boolean;
  /** Values for the `Preference-Applied` response header. */
  applied: string[];
};

/** Split on commas outside double quotes. */
function splitList(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function unquote(v: string): string {
  const t = v.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

export function parsePrefer(header: string | readonly string[] | null | undefined): Preferences {
  const raw = header == null ? [] : typeof header === "string" ? [header] : [...header];
  const prefs: Preferences = { immutableId: false, applied: [] };
  for (const item of raw.flatMap(splitList)) {
    // Parameters after ';' are not used by any calendar preference.
    const [head = ""] = item.split(";");
    const eq = head.indexOf("=");
    const key = (eq < 0 ? head : head.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? "" : unquote(head.slice(eq + 1));
    if (key === "outlook.timezone") {
      // An unknown zone falls back to UTC rather than failing the request [UNV].
      const zone = resolveZone(value);
      if (zone) {
        prefs.timeZone = zone;
        prefs.applied.push(`outlook.timezone="${zone.label}"`);
      }
    } else if (key === "outlook.body-content-type") {
      const v = value.toLowerCase();
      if (v === "text" || v === "html") {
        prefs.bodyContentType = v;
        prefs.applied.push(`outlook.body-content-type="${v}"`);
      }
    } else if (key === "odata.maxpagesize") {
      const n = Number(value);
      if (Number.isInteger(n) && n > 0) {
        prefs.maxPageSize = n;
        prefs.applied.push(`odata.maxpagesize=${n}`);
      }
    } else if (key === "idtype") {
      if (value.toLowerCase() === "immutableid") {
        prefs.immutableId = true;
        prefs.applied.push('IdType="ImmutableId"');
      }
    }
  }
  return prefs;
}

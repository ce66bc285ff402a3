/**
 * Where to go after signing in. A callback URL comes from the query string, so anyone can craft
 * one: only a path on our own origin is accepted (absolute URLs of our origin are reduced to their
 * path). Browsers read `/\evil.example` and `/<tab>/evil.example` as `//evil.example`, so the
 * candidate is resolved the way a browser would and its origin compared, and anything that decodes
 * to such a form, or carries control characters or backslashes, is refused outright.
 */
export const defaultAfterSignIn = "/events";

export function sameOriginPath(candidate: unknown, origin: string): string | null {
  if (typeof candidate !== "string" || !candidate || candidate.length > 2048) return null;
  const base = new URL(origin);
  for (const form of decodings(candidate)) {
    if (hasControlOrBackslash(form) || form.startsWith("//")) return null;
  }
  if (!candidate.startsWith("/") && !candidate.startsWith(`${base.origin}/`) && candidate !== base.origin) return null;
  let resolved: URL;
  try {
    resolved = new URL(candidate, base);
  } catch {
    return null;
  }
  if (resolved.origin !== base.origin) return null;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

function hasControlOrBackslash(text: string): boolean {
  return [...text].some((c) => c === "\\" || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/** The candidate and what it decodes to, up to three levels deep (`%252F` → `%2F` → `/`). */
function decodings(candidate: string): string[] {
  const forms = [candidate];
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(forms.at(-1)!);
    } catch {
      break;
    }
    if (next === forms.at(-1)) break;
    forms.push(next);
  }
  return forms;
}

/** next-auth's redirect callback: our own paths only, else the default page. */
export function redirectAfterSignIn({ url, baseUrl }: { url: string; baseUrl: string }): string {
  return `${new URL(baseUrl).origin}${sameOriginPath(url, baseUrl) ?? defaultAfterSignIn}`;
}

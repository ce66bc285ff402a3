/**
 * The security headers of every response, built per request because the Content-Security-Policy
 * carries a fresh nonce: Next.js reads it from the request's CSP header and puts it on its own
 * scripts (which is why every page renders dynamically). Styles allow 'unsafe-inline' because React
 * `style` attributes cannot carry a nonce (and a nonce would switch 'unsafe-inline' off).
 */
export type SecurityHeaderOptions = {
  nonce: string;
  pathname: string;
  production: boolean;
  /** Origins a form post may redirect to: Microsoft's sign-in (or the emulator's). */
  signInOrigins: string[];
};

/** Paths whose URL is a secret (an invitation token or a manage link): never sent on as a Referer. */
const tokenPaths = [/^\/connect\/[^/]+/, /^\/connection\/[^/]+/];

export function contentSecurityPolicy({
  nonce,
  production,
  signInOrigins,
}: Omit<SecurityHeaderOptions, "pathname">): string {
  return [
    "default-src 'self'",
    // React needs eval only for its development error overlays.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${production ? "" : " ws: wss:"}`,
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${signInOrigins.join(" ")}`.trim(),
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY", // for browsers without frame-ancestors
    "Referrer-Policy": tokenPaths.some((p) => p.test(options.pathname))
      ? "no-referrer"
      : "strict-origin-when-cross-origin",
  };
  if (options.production) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/** The Microsoft sign-in origin, and its plain-http twin when it is the local emulator (its browser pages are http). */
export function signInOriginsFor(msLoginUrl: string): string[] {
  const url = new URL(msLoginUrl);
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  return local ? [url.origin, `http://${url.host}`] : [url.origin];
}

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { newNonce, securityHeaders, signInOriginsFor } from "@/lib/http/security-headers";
import { appContext } from "@/lib/context/app-context";
import { openInvitation } from "@/lib/services/connect/open-invitation";

/**
 * Every response gets the security headers (a per-request CSP nonce; see lib/http/security-headers).
 * Invitation links that no longer work get a friendly page with the right status: 404 for a link
 * we never issued, 410 for one that was used, replaced or has expired. Pages cannot set a status
 * in the App Router, so the check happens here and the page is rendered by a rewrite.
 */
export async function proxy(request: NextRequest) {
  const e = env();
  const nonce = newNonce();
  const headers = securityHeaders({
    nonce,
    pathname: request.nextUrl.pathname,
    production: e.NODE_ENV === "production",
    signInOrigins: signInOriginsFor(e.MS_LOGIN_URL),
  });
  // Next.js takes the nonce for its own scripts from the request's CSP header.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);

  const response =
    (await invitationGone(request, requestHeaders)) ?? NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

async function invitationGone(request: NextRequest, requestHeaders: Headers): Promise<NextResponse | null> {
  const [, first, token = ""] = request.nextUrl.pathname.split("/");
  if (first !== "connect" || request.nextUrl.pathname.split("/").length !== 3 || staticPages.has(token)) return null;
  const found = await openInvitation({ ctx: await appContext(), token });
  if (found.ok) return null;
  const status = found.reason === "unknown" ? 404 : 410;
  return NextResponse.rewrite(new URL(`/connect/unavailable/${found.reason}`, request.url), {
    status,
    request: { headers: requestHeaders },
  });
}

const staticPages = new Set(["unavailable", "connected", "problem", "admin-approved"]);

export const config = {
  // Everything but build assets (immutable files that need no policy).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

import { env } from "@/lib/env";

/** Ties a Microsoft sign-in to the browser that started it (see auth_requests.browser_binding_hash). */
export const CONNECT_COOKIE = "cs_connect";
/** Lets the browser that started an admin consent continue to its instructor's wizard afterwards. */
export const ADMIN_CONSENT_COOKIE = "cs_admin_consent";

export function cookieOptions(maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: "lax" as const, // sent on Microsoft's top-level redirect back to us
    secure: env().APP_URL.startsWith("https://"),
    path: "/",
    maxAge: maxAgeSeconds,
  };
}

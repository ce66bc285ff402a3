import { env } from "@/lib/env";

/**
 * Cross-site form posts to the Connect routes are refused: a browser always sends `Origin` on a
 * cross-origin POST, so an `Origin` that is neither the configured app URL nor the host the request
 * was addressed to means another site submitted the form. No `Origin` (old browsers, curl) is let
 * through: the routes need a secret link token anyway. The token pages send
 * `Referrer-Policy: no-referrer`, under which a browser's own form post carries `Origin: null`;
 * that is accepted only when the browser also says the post came from our own origin
 * (`Sec-Fetch-Site: same-origin`), which a page on another site cannot forge.
 */
export function isForeignOrigin(headers: Headers, appUrl: string): boolean {
  const origin = headers.get("origin");
  if (!origin) return false;
  if (origin === "null") return headers.get("sec-fetch-site") !== "same-origin";
  if (origin === new URL(appUrl).origin) return false;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const proto = headers.get("x-forwarded-proto") ?? new URL(appUrl).protocol.replace(":", "");
  return !host || origin !== `${proto}://${host}`;
}

export function foreignOriginResponse(): Response {
  return new Response("Cross-site requests are not accepted here.", {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

/** Wraps a POST route handler so a foreign `Origin` gets 403 before anything else runs. */
export function sameOriginOnly<Rest extends unknown[]>(
  handler: (request: Request, ...rest: Rest) => Promise<Response>,
) {
  return async (request: Request, ...rest: Rest): Promise<Response> =>
    isForeignOrigin(request.headers, env().APP_URL) ? foreignOriginResponse() : handler(request, ...rest);
}

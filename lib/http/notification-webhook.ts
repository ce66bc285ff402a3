import type { ServiceContext } from "@/lib/context/service-context";
import { clientAddress, type ProxyTrust } from "@/lib/auth/sign-in-throttle";
import { receiveChangeNotifications } from "@/lib/services/notifications/receive-change-notifications";
import { parseChangeNotifications } from "@/lib/sync/change-notifications";
import { logRateLimiter } from "./log-rate-limit";

/** Graph's notification bodies are small (a few KB per notification); anything far larger is not Graph. */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * The webhook Graph posts change and lifecycle notifications to (graph-behaviour.md §9.2–9.4), as a
 * request → response function so the route and the integration tests run the same code:
 * - `?validationToken=…` (subscription creation, both URLs): 200 text/plain with the decoded token, at once;
 * - a notification collection: each checked against its subscription's clientState, turned into jobs
 *   (never a pull inline), and acknowledged with 202 well within Graph's 3 seconds. Rejected ones are
 *   dropped, and still acknowledged, as Graph advises (a refusal would only be retried);
 * - anything else: 400; a body over MAX_BODY_BYTES: 413, read no further.
 * Anyone can post here, so the log gets one structured line per request at most (counts and reasons, never
 * the text that was sent) and at most a few lines per source a minute.
 */
export function notificationWebhook(
  context: () => Promise<ServiceContext>,
  options: { trust?: () => ProxyTrust; limiter?: ReturnType<typeof logRateLimiter> } = {},
) {
  const trust = options.trust ?? (() => ({ trustedProxyHops: 0, onVercel: false }));
  const limiter = options.limiter ?? logRateLimiter();
  return async (request: Request): Promise<Response> => {
    const log = (event: string, fields: Record<string, number | string> = {}) => {
      const source = clientAddress(Object.fromEntries(request.headers), trust());
      const { allowed, suppressed } = limiter(source);
      if (allowed)
        console.warn(
          JSON.stringify({ scope: "notifications", event, ...fields, ...(suppressed ? { suppressed } : {}) }),
        );
    };
    const validationToken = new URL(request.url).searchParams.get("validationToken");
    if (validationToken !== null) {
      if (validationToken.length > 2048) return new Response("Bad request", { status: 400 });
      return new Response(validationToken, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    const text = await readCapped(request);
    if (text === null) {
      log("body_too_large");
      return new Response("Too large", { status: 413 });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      log("not_json", { bytes: text.length });
      return new Response("Bad request", { status: 400 });
    }
    const notifications = parseChangeNotifications(body);
    if (!notifications) {
      log("not_a_notification_collection", { bytes: text.length });
      return new Response("Bad request", { status: 400 });
    }
    const result = await receiveChangeNotifications({ ctx: await context(), input: { notifications } });
    if (result.rejected || result.reasons.unknownLifecycleEvent)
      log("notifications_rejected", { rejected: result.rejected, accepted: result.accepted, ...result.reasons });
    return new Response(null, { status: 202 });
  };
}

/** The body as text, or null past MAX_BODY_BYTES: the stream is cancelled there, whatever Content-Length said. */
async function readCapped(request: Request): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

import type { ServiceContext } from "@/lib/context/service-context";
import { receiveChangeNotifications } from "@/lib/services/notifications/receive-change-notifications";
import { parseChangeNotifications } from "@/lib/sync/change-notifications";

/** Graph's notification bodies are small (a few KB per notification); anything far larger is not Graph. */
const MAX_BODY_BYTES = 1_000_000;

/**
 * The webhook Graph posts change and lifecycle notifications to (graph-behaviour.md §9.2–9.4), as a
 * request → response function so the route and the integration tests run the same code:
 * - `?validationToken=…` (subscription creation, both URLs): 200 text/plain with the decoded token, at once;
 * - a notification collection: each checked against its subscription's clientState, turned into jobs
 *   (never a pull inline), and acknowledged with 202 well within Graph's 3 seconds. Rejected ones are
 *   logged and dropped, and still acknowledged, as Graph advises (a refusal would only be retried);
 * - anything else: 400.
 */
export function notificationWebhook(context: () => Promise<ServiceContext>) {
  return async (request: Request): Promise<Response> => {
    const validationToken = new URL(request.url).searchParams.get("validationToken");
    if (validationToken !== null) {
      if (validationToken.length > 2048) return new Response("Bad request", { status: 400 });
      return new Response(validationToken, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
      return new Response("Too large", { status: 413 });
    const text = await request.text();
    if (text.length > MAX_BODY_BYTES) return new Response("Too large", { status: 413 });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return new Response("Bad request", { status: 400 });
    }
    const notifications = parseChangeNotifications(body);
    if (!notifications) return new Response("Bad request", { status: 400 });
    await receiveChangeNotifications({ ctx: await context(), input: { notifications } });
    return new Response(null, { status: 202 });
  };
}

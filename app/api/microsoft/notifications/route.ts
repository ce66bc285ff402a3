import { appContext } from "@/lib/context/app-context";
import { env } from "@/lib/env";
import { notificationWebhook } from "@/lib/http/notification-webhook";

/**
 * Microsoft Graph's change and lifecycle notifications for instructors' calendars (both URLs of every
 * subscription): the validation handshake, then clientState-checked notifications that queue pulls.
 */
export const POST = notificationWebhook(appContext, {
  trust: () => ({ trustedProxyHops: env().TRUSTED_PROXY_HOPS, onVercel: !!env().VERCEL }),
});

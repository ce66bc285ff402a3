import { z } from "zod";

/**
 * Graph change notifications (graph-behaviour.md §9): the payload Graph posts, read leniently (Graph
 * adds properties over time) but only as far as we act on it, and the subscription's lifetime rules.
 * Pure: no clock, no database.
 */

/** The route Graph posts to, both change and lifecycle notifications (§9.4: the two URLs may be the same). */
export const NOTIFICATION_PATH = "/api/microsoft/notifications";

/**
 * Outlook events allow 10,080 minutes without resource data (§9.1, the current version of Graph's
 * lifetime table); we ask a little less so a clock skew between us and Graph never makes a request
 * "too long".
 */
export const SUBSCRIPTION_LIFETIME_MINUTES = 10_080 - 30;
/**
 * Older versions of that table said 4,230 minutes. A service that still refuses the longer expiry
 * ("Subscription expiration can only be N minutes in the future.") is asked again for the N it names,
 * less the same skew, or for this when it names none.
 */
export const LEGACY_SUBSCRIPTION_LIFETIME_MINUTES = 4_230 - 30;
/**
 * The renewal margin: the renewal cron renews a subscription with less than a quarter of the lifetime
 * left (§9.1 "renew with a margin"), about 42 hours, so a few failed renewals in a row still renew in time.
 */
export const RENEW_BEFORE_MS = Math.round((SUBSCRIPTION_LIFETIME_MINUTES * 60_000) / 4);

export const lifecycleEvents = ["reauthorizationRequired", "subscriptionRemoved", "missed"] as const;
export type LifecycleEvent = (typeof lifecycleEvents)[number];

const notificationItem = z.looseObject({
  subscriptionId: z.string().min(1).max(200),
  clientState: z.string().max(256).nullish(),
  changeType: z.string().max(100).nullish(),
  lifecycleEvent: z.string().max(100).nullish(),
  resource: z.string().max(2000).nullish(),
  resourceData: z.looseObject({ id: z.string().max(1000).nullish() }).nullish(),
});
const notificationCollection = z.looseObject({ value: z.array(notificationItem).min(1).max(1000) });

export type ChangeNotification =
  | { kind: "change"; subscriptionId: string; clientState: string | null; changeType: string; eventId: string | null }
  | { kind: "lifecycle"; subscriptionId: string; clientState: string | null; lifecycleEvent: LifecycleEvent }
  /** A lifecycle event we do not know (Graph may add some): verified and logged, nothing else. */
  | { kind: "unknown_lifecycle"; subscriptionId: string; clientState: string | null; lifecycleEvent: string };

/** The notifications in a POST body, or null when the body is not Graph's notification collection. */
export function parseChangeNotifications(body: unknown): ChangeNotification[] | null {
  const parsed = notificationCollection.safeParse(body);
  if (!parsed.success) return null;
  return parsed.data.value.map((item): ChangeNotification => {
    const base = { subscriptionId: item.subscriptionId, clientState: item.clientState ?? null };
    if (item.lifecycleEvent) {
      const known = (lifecycleEvents as readonly string[]).includes(item.lifecycleEvent);
      return known
        ? { ...base, kind: "lifecycle", lifecycleEvent: item.lifecycleEvent as LifecycleEvent }
        : { ...base, kind: "unknown_lifecycle", lifecycleEvent: item.lifecycleEvent };
    }
    return {
      ...base,
      kind: "change",
      changeType: item.changeType ?? "updated",
      eventId: item.resourceData?.id ?? eventIdFromResource(item.resource ?? null),
    };
  });
}

/** `Users/{user}/Events/{id}` (basic notifications' PascalCase form, §9.3) → the event id. */
function eventIdFromResource(resource: string | null): string | null {
  const match = resource ? /\/events\/([^/]+)$/i.exec(resource) : null;
  return match ? decodeURIComponent(match[1]!) : null;
}

/** The expiry to ask for, created or renewed at `now` (`minutes`: a shorter lifetime the service insisted on). */
export function subscriptionExpiry(now: Date, minutes = SUBSCRIPTION_LIFETIME_MINUTES): Date {
  return new Date(now.getTime() + minutes * 60_000);
}

/**
 * The lifetime to ask for again after Graph refused an expiry as too far ahead: the maximum its message
 * names, less the skew margin, else the older documented maximum; null when the message is not that refusal.
 */
export function lifetimeAfterRefusal(message: string): number | null {
  if (!/expiration/i.test(message)) return null;
  const named = /(\d[\d,]*)\s*minutes/i.exec(message);
  const minutes = named ? Number(named[1]!.replace(/,/g, "")) - 30 : LEGACY_SUBSCRIPTION_LIFETIME_MINUTES;
  return minutes > 0 && minutes < SUBSCRIPTION_LIFETIME_MINUTES ? minutes : null;
}

/** Whether the renewal cron should renew a subscription expiring at `expiresAt` (unknown expiry: yes). */
export function renewalDue(expiresAt: Date | null, now: Date): boolean {
  return expiresAt === null || expiresAt.getTime() - now.getTime() < RENEW_BEFORE_MS;
}

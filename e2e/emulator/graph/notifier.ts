/**
 * Change and lifecycle notifications (graph-behaviour.md §9.3, §9.4). Payload shape per the
 * documented basic notification (PascalCase `Users/…/Events/…`, `#Microsoft.Graph.Event`, no resource
 * data beyond id/etag). Delivery: POST JSON, 2xx within 3 s acknowledges; otherwise retried on a
 * configurable schedule (Graph retries for up to 4 h — the emulator's default schedule is short).
 * Time is injected through `sleep`, so tests never wait.
 */
import type { Change } from "./event-store";
import { outwardId } from "./id-forms";
import { etagFor, guidFrom } from "./ids";
import type { Mailbox } from "./mailbox";
import type { HttpPoster } from "./outbound";
import type { Subscription } from "./subscriptions";
import { formatUtcTimestamp } from "./time-zones";

export const NOTIFICATION_TIMEOUT_MS = 3_000;

export type DeliveryPolicy = {
  timeoutMs: number;
  /** Delay before each retry; its length is the number of retries. */
  retryDelaysMs: number[];
  sleep: (ms: number) => Promise<void>;
};

export const defaultRetryDelaysMs = [1_000, 5_000, 30_000, 120_000];

export type Notification = { subscription: Subscription; url: string; payload: { value: Record<string, unknown>[] } };

/** One notification per live subscription of the mailbox that wants this change type. */
export function notificationsFor(
  mb: Mailbox,
  change: Change & { calendarId?: string },
  ctx: { now: number; tenantId: string; seq: number },
): Notification[] {
  const out: Notification[] = [];
  for (const sub of mb.subscriptions.values()) {
    if (sub.expirationMs <= ctx.now || !sub.changeTypes.includes(change.changeType)) continue;
    if (sub.calendarId && change.calendarId && sub.calendarId !== change.calendarId) continue;
    // Immutable ids only for subscriptions created with Prefer: IdType="ImmutableId" (§9.1).
    const eventId = outwardId(mb, change.eventId, sub.immutableIds);
    const resource = `Users/${mb.owner.id}/Events/${eventId}`;
    const resourceData: Record<string, unknown> = { "@odata.type": "#Microsoft.Graph.Event", "@odata.id": resource };
    if (change.changeKey) resourceData["@odata.etag"] = etagFor(change.changeKey);
    resourceData.id = eventId;
    out.push({
      subscription: sub,
      url: sub.notificationUrl,
      payload: {
        value: [
          {
            id: guidFrom(`notification:${sub.id}:${ctx.seq}`),
            subscriptionId: sub.id,
            subscriptionExpirationDateTime: formatUtcTimestamp(sub.expirationMs),
            changeType: change.changeType,
            resource,
            resourceData,
            clientState: sub.clientState,
            tenantId: ctx.tenantId,
          },
        ],
      },
    });
  }
  return out;
}

export type LifecycleEvent = "reauthorizationRequired" | "subscriptionRemoved" | "missed";

/** Lifecycle payload (§9.4), or null when the subscription has no lifecycle URL. */
export function lifecycleNotificationFor(
  sub: Subscription,
  event: LifecycleEvent,
  tenantId: string,
): Notification | null {
  if (!sub.lifecycleNotificationUrl) return null;
  return {
    subscription: sub,
    url: sub.lifecycleNotificationUrl,
    payload: {
      value: [
        {
          subscriptionId: sub.id,
          subscriptionExpirationDateTime: formatUtcTimestamp(sub.expirationMs),
          tenantId,
          clientState: sub.clientState,
          lifecycleEvent: event,
        },
      ],
    },
  };
}

export type DeliveryResult = { delivered: boolean; attempts: number; lastStatus?: number; lastError?: string };

/** POST until a 2xx arrives within the timeout or the retry schedule runs out. */
export async function deliver(post: HttpPoster, n: Notification, policy: DeliveryPolicy): Promise<DeliveryResult> {
  const body = JSON.stringify(n.payload);
  let attempts = 0;
  let lastStatus: number | undefined;
  let lastError: string | undefined;
  for (let i = 0; i <= policy.retryDelaysMs.length; i++) {
    if (i > 0) await policy.sleep(policy.retryDelaysMs[i - 1] ?? 0);
    attempts++;
    try {
      const res = await post({
        url: n.url,
        headers: { "Content-Type": "application/json" },
        body,
        timeoutMs: policy.timeoutMs,
      });
      lastStatus = res.status;
      if (res.status >= 200 && res.status < 300) return { delivered: true, attempts, lastStatus };
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
  }
  return { delivered: false, attempts, lastStatus, lastError };
}

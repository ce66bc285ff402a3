/**
 * Lifecycle notifications on their own (graph-behaviour.md §9.4; issue 10 item 3), checked on every
 * pass of the notification queue against the emulator clock:
 * - `reauthorizationRequired` once a subscription is within 15 minutes of expiry [UNV cadence; the
 *   doc's is illustrative], again after each renewal that still leaves it that close;
 * - `subscriptionRemoved` when it expires (Graph deletes it, §9.5) or when the user who created it
 *   no longer consents to the app (the user removed the app: POST /_emulator/users/{id}/revoke);
 * - `missed` is sent by the runtime (dropped deliveries, outages).
 * Only subscriptions with a lifecycleNotificationUrl hear about it; the others just disappear.
 */
import { grantedPermissions } from "../../identity/consent";
import { lifecycleNotificationFor, type LifecycleEvent, type Notification } from "../notifier";
import { REAUTHORIZE_BEFORE_EXPIRY_MS } from "../realism";
import type { Subscription } from "../subscriptions";
import type { GraphRuntime } from "./runtime";

export class LifecycleTimers {
  /** Subscription id -> the expiry a reauthorizationRequired was already sent for. */
  private readonly reauthorizationSent = new Map<string, number>();

  constructor(
    private readonly rt: GraphRuntime,
    private readonly send: (n: Notification) => void,
  ) {}

  sweep(now: number): void {
    if (!this.rt.settings.lifecycleNotifications) return;
    for (const mb of this.rt.store.all()) {
      const tenantId = this.rt.tenantOf(mb);
      for (const sub of [...mb.subscriptions.values()]) {
        if (sub.expirationMs <= now || this.consentRevoked(sub, tenantId)) {
          mb.subscriptions.delete(sub.id);
          this.reauthorizationSent.delete(sub.id);
          this.notify(sub, "subscriptionRemoved", tenantId);
        } else if (
          sub.expirationMs - now <= REAUTHORIZE_BEFORE_EXPIRY_MS &&
          this.reauthorizationSent.get(sub.id) !== sub.expirationMs
        ) {
          this.reauthorizationSent.set(sub.id, sub.expirationMs);
          this.notify(sub, "reauthorizationRequired", tenantId);
        }
      }
    }
  }

  reset(): void {
    this.reauthorizationSent.clear();
  }

  private notify(sub: Subscription, event: LifecycleEvent, tenantId: string): void {
    const n = lifecycleNotificationFor(sub, event, tenantId);
    if (n) this.send(n);
  }

  /** Delegated subscriptions live on the creator's consent; app-only ones (creator = app) do not. */
  private consentRevoked(sub: Subscription, tenantId: string): boolean {
    if (!this.rt.ctx.state.users.has(sub.creatorId)) return false;
    return grantedPermissions(this.rt.ctx.state, tenantId, sub.applicationId, sub.creatorId).size === 0;
  }
}

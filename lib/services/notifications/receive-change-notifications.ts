import { eq, inArray } from "drizzle-orm";
import { noteChanges } from "@/db/queries/notified-changes";
import { calendarConnections, calendarSubscriptions } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import type { JobEvent } from "@/lib/jobs/jobs";
import type { ChangeNotification } from "@/lib/sync/change-notifications";
import { isLive } from "@/lib/sync/connection-state";
import { notedChangesOf } from "@/lib/sync/notified-changes";
import { clientStateMatches } from "./internal/client-state";

export type ReceiveResult = {
  accepted: number;
  rejected: number;
  ignored: number;
  /** Why notifications were rejected, counted: for the webhook's log, which never holds what a caller sent. */
  reasons: { unknownSubscription: number; wrongClientState: number; unknownLifecycleEvent: number };
};

/**
 * What Graph's webhook POST carried (graph-behaviour.md §9.3–9.4), checked and turned into jobs without
 * any Graph call, so the route answers within Graph's 3 seconds. Each notification must name a
 * subscription we hold and carry its `clientState` (compared in constant time); others are rejected and
 * counted by reason (the webhook logs the counts), never acted on. A change's event id is noted for its connection (notified_changes, one
 * statement, before Graph gets its answer: a failure here is a 5xx and Graph delivers again), then a
 * debounced pull of that connection is asked for (a burst is one pull; Full Private Mode re-reads
 * exactly the ids noted); a lifecycle event goes to the subscription job (renew, recreate, or a full
 * pull after `missed`). Notifications for a connection that is no longer live are ignored.
 */
export async function receiveChangeNotifications({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { notifications: ChangeNotification[] };
}): Promise<ReceiveResult> {
  const ids = [...new Set(input.notifications.map((n) => n.subscriptionId))];
  const rows = await ctx.db
    .select({
      graphSubscriptionId: calendarSubscriptions.graphSubscriptionId,
      clientStateHash: calendarSubscriptions.clientStateHash,
      connectionId: calendarSubscriptions.connectionId,
      connectionStatus: calendarConnections.status,
    })
    .from(calendarSubscriptions)
    .innerJoin(calendarConnections, eq(calendarConnections.id, calendarSubscriptions.connectionId))
    .where(inArray(calendarSubscriptions.graphSubscriptionId, ids));
  const bySubscription = new Map(rows.map((r) => [r.graphSubscriptionId!, r]));

  const result: ReceiveResult = {
    accepted: 0,
    rejected: 0,
    ignored: 0,
    reasons: { unknownSubscription: 0, wrongClientState: 0, unknownLifecycleEvent: 0 },
  };
  const events = new Map<string, JobEvent>();
  const heard = new Set<string>();
  const changed: Parameters<typeof notedChangesOf>[0][number][] = [];
  for (const notification of input.notifications) {
    const row = bySubscription.get(notification.subscriptionId);
    if (!row || !clientStateMatches(row.clientStateHash, notification.clientState)) {
      result.rejected++;
      result.reasons[row ? "wrongClientState" : "unknownSubscription"]++;
      continue;
    }
    if (!isLive(row.connectionStatus)) {
      result.ignored++;
      continue;
    }
    result.accepted++;
    heard.add(row.connectionId);
    const { connectionId } = row;
    if (notification.kind === "change") {
      changed.push({ connectionId, notification });
      events.set(`change:${connectionId}`, { name: "sync/notification.received", data: { connectionId } });
    } else if (notification.kind === "lifecycle")
      events.set(`${notification.lifecycleEvent}:${connectionId}`, {
        name: "sync/subscription.requested",
        data: { connectionId, lifecycleEvent: notification.lifecycleEvent },
      });
    else result.reasons.unknownLifecycleEvent++;
  }
  await noteChanges(ctx.db, notedChangesOf(changed), ctx.now());
  if (heard.size > 0)
    await ctx.db
      .update(calendarSubscriptions)
      .set({ lastNotificationAt: ctx.now() })
      .where(inArray(calendarSubscriptions.connectionId, [...heard]));
  if (events.size > 0) await ctx.jobs.send([...events.values()]);
  return result;
}

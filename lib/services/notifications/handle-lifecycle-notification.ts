import { eq } from "drizzle-orm";
import { calendarSubscriptions } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import type { LifecycleEvent } from "@/lib/sync/change-notifications";
import { ensureCalendarSubscription, type EnsureSubscriptionResult } from "./ensure-calendar-subscription";

/**
 * A verified lifecycle notification (graph-behaviour.md §9.4): `reauthorizationRequired` renews the
 * subscription now; `subscriptionRemoved` creates it anew (a refused grant goes to the refused-grant path
 * inside) and pulls, since changes in the gap were not notified; `missed` pulls a full baseline, since
 * some notifications never came.
 */
export async function handleLifecycleNotification({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; lifecycleEvent: LifecycleEvent };
}): Promise<{ subscription?: EnsureSubscriptionResult; pull?: "delta" | "baseline" }> {
  const { connectionId, lifecycleEvent } = input;
  if (lifecycleEvent === "missed") {
    await ctx.jobs.send({
      name: "sync/pull.requested",
      data: { connectionId, trigger: "notification", baseline: true },
    });
    return { pull: "baseline" };
  }
  if (lifecycleEvent === "reauthorizationRequired")
    return { subscription: await ensureCalendarSubscription({ ctx, input: { connectionId, renewNow: true } }) };

  await ctx.db
    .update(calendarSubscriptions)
    .set({ status: "removed", updatedAt: ctx.now() })
    .where(eq(calendarSubscriptions.connectionId, connectionId));
  const subscription = await ensureCalendarSubscription({ ctx, input: { connectionId } });
  if (subscription.outcome === "refused" || subscription.outcome === "skipped") return { subscription };
  await ctx.jobs.send({ name: "sync/pull.requested", data: { connectionId, trigger: "notification" } });
  return { subscription, pull: "delta" };
}

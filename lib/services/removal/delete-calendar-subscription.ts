import type { ServiceContext } from "@/lib/context/service-context";

/**
 * Deletes the connection's Graph change-notification subscription, so Microsoft stops calling us about a
 * calendar we no longer sync. Subscriptions are not built yet (no table holds one): nothing to delete. The
 * removal job already calls this step, so adding subscriptions only has to fill it in.
 */
export async function deleteCalendarSubscription({
  ctx: _ctx,
  input: _input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string };
}): Promise<{ subscriptionsDeleted: number }> {
  return { subscriptionsDeleted: 0 };
}

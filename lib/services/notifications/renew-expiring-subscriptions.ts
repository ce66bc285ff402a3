import { and, eq, inArray, isNull, lt, ne, or } from "drizzle-orm";
import { calendarConnections, calendarSubscriptions } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { RENEW_BEFORE_MS } from "@/lib/sync/change-notifications";

/**
 * The renewal cadence: one `sync/subscription.requested` per live connection whose subscription nears
 * expiry, is missing (connected before subscriptions existed, or a create failed), or was removed or
 * failed. Nothing without a public notification URL. Sent one by one: a queue that refuses more stops
 * the fan-out and the next tick covers.
 */
export async function renewExpiringSubscriptions({ ctx }: { ctx: ServiceContext }) {
  if (!ctx.config.notificationBaseUrl) return { sent: 0, refused: 0, skipped: "no public https URL" };
  const soon = new Date(ctx.now().getTime() + RENEW_BEFORE_MS);
  const due = await ctx.db
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .leftJoin(calendarSubscriptions, eq(calendarSubscriptions.connectionId, calendarConnections.id))
    .where(
      and(
        inArray(calendarConnections.status, ["connected", "syncing"]),
        or(
          isNull(calendarSubscriptions.id),
          ne(calendarSubscriptions.status, "active"),
          isNull(calendarSubscriptions.expiresAt),
          lt(calendarSubscriptions.expiresAt, soon),
        ),
      ),
    )
    .orderBy(calendarConnections.id);
  let sent = 0;
  for (const { id } of due) {
    try {
      await ctx.jobs.send({ name: "sync/subscription.requested", data: { connectionId: id } });
      sent++;
    } catch {
      return { sent, refused: due.length - sent };
    }
  }
  return { sent, refused: 0 };
}

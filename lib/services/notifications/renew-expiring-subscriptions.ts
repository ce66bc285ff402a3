import { and, eq, inArray, isNull, lt, ne, or } from "drizzle-orm";
import { calendarConnections, calendarSubscriptions } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { RENEW_BEFORE_MS } from "@/lib/sync/change-notifications";

/**
 * Part of the every-minute sweep: one `sync/subscription.requested` per live connection whose
 * subscription nears expiry, is missing (connected before subscriptions existed, or a create failed), or
 * was removed or failed. Nothing without a public notification URL. Each request carries an id fixed for
 * ten minutes, so a sweep every minute asks once per connection in that time (a repeat is dropped by the
 * job table's idempotency key, and by Inngest, which deduplicates event ids).
 */
export async function renewExpiringSubscriptions({ ctx }: { ctx: ServiceContext }) {
  if (!ctx.config.notificationBaseUrl) return { sent: 0, skipped: "no public https URL" };
  const now = ctx.now();
  const soon = new Date(now.getTime() + RENEW_BEFORE_MS);
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
  const window = Math.floor(now.getTime() / ASK_AGAIN_AFTER_MS);
  if (due.length > 0)
    await ctx.jobs.send(
      due.map(({ id }) => ({
        name: "sync/subscription.requested" as const,
        data: { connectionId: id },
        id: `subscription:${id}:${window}`,
      })),
    );
  return { sent: due.length };
}

const ASK_AGAIN_AFTER_MS = 10 * 60_000;

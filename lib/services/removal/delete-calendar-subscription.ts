import { eq } from "drizzle-orm";
import { calendarConnections, calendarSubscriptions } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { ReconnectRequiredError } from "@/lib/errors";
import { connectionClients } from "../sync/internal/connection-clients";

/**
 * Deletes the connection's Graph change-notification subscription, so Microsoft stops calling us about a
 * calendar we no longer sync, then its row. 404 means Graph already dropped it; a refused token (the
 * instructor revoked the app, or the grant died) cannot delete anything, so the row is just dropped and
 * the subscription expires at Graph within three days, its notifications rejected meanwhile (no row).
 * Throttling and outages are thrown for the removal job to retry.
 */
export async function deleteCalendarSubscription({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string };
}): Promise<{ subscriptionsDeleted: number }> {
  const [row] = await ctx.db
    .select({
      graphSubscriptionId: calendarSubscriptions.graphSubscriptionId,
      homeAccountId: calendarConnections.homeAccountId,
    })
    .from(calendarSubscriptions)
    .innerJoin(calendarConnections, eq(calendarConnections.id, calendarSubscriptions.connectionId))
    .where(eq(calendarSubscriptions.connectionId, input.connectionId));
  if (!row) return { subscriptionsDeleted: 0 };
  let deleted = false;
  const clients = connectionClients(ctx, { id: input.connectionId, homeAccountId: row.homeAccountId });
  if (row.graphSubscriptionId && clients) {
    try {
      deleted = await clients.subscriptions().delete(row.graphSubscriptionId);
    } catch (error) {
      if (!(error instanceof ReconnectRequiredError)) throw error;
    }
  }
  await ctx.db.delete(calendarSubscriptions).where(eq(calendarSubscriptions.connectionId, input.connectionId));
  return { subscriptionsDeleted: deleted ? 1 : 0 };
}

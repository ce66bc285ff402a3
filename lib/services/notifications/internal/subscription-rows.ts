import { eq } from "drizzle-orm";
import { calendarConnections, calendarSubscriptions } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import type { SubscriptionStatus } from "@/lib/sync/subscription-status";

/** The connection a subscription is for, with its stored subscription row (if any). */
export async function subscriptionTarget(db: DbOrTx, connectionId: string) {
  const [row] = await db
    .select({
      connectionId: calendarConnections.id,
      instructorId: calendarConnections.instructorId,
      status: calendarConnections.status,
      homeAccountId: calendarConnections.homeAccountId,
      subscription: calendarSubscriptions,
    })
    .from(calendarConnections)
    .leftJoin(calendarSubscriptions, eq(calendarSubscriptions.connectionId, calendarConnections.id))
    .where(eq(calendarConnections.id, connectionId));
  return row ?? null;
}

/** Writes the connection's one subscription row (inserted the first time). */
export async function saveSubscriptionRow(
  db: DbOrTx,
  connectionId: string,
  values: {
    graphSubscriptionId?: string | null;
    clientStateHash?: string;
    expiresAt?: Date | null;
    status: SubscriptionStatus;
    lastError?: string | null;
  },
  now: Date,
) {
  const set = { ...values, updatedAt: now };
  await db
    .insert(calendarSubscriptions)
    .values({ connectionId, clientStateHash: values.clientStateHash ?? "", ...set })
    .onConflictDoUpdate({ target: calendarSubscriptions.connectionId, set });
}

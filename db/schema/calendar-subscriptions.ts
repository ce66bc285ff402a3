import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { subscriptionStatuses, type SubscriptionStatus } from "../../lib/sync/subscription-status";
import { calendarConnections } from "./calendar-connections";
import { createdAt, id, instant, updatedAt } from "./columns";

/**
 * A connection's Graph change-notification subscription on its events (graph-behaviour.md §9): Graph's
 * id, when it expires (renewed before that by a cron), and the SHA-256 of the random `clientState` Graph
 * echoes in every notification (compared in constant time; the secret itself is never stored). At most
 * one per connection; gone with the connection.
 */
export const calendarSubscriptions = pgTable(
  "calendar_subscriptions",
  {
    id: id(),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => calendarConnections.id, { onDelete: "cascade" }),
    /** Graph's subscription id; null while it is being (re)created. */
    graphSubscriptionId: text("graph_subscription_id"),
    clientStateHash: text("client_state_hash").notNull(),
    expiresAt: instant("expires_at"),
    status: text("status").$type<SubscriptionStatus>().notNull().default("active"),
    lastNotificationAt: instant("last_notification_at"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("calendar_subscriptions_connection_idx").on(t.connectionId),
    uniqueIndex("calendar_subscriptions_graph_id_idx").on(t.graphSubscriptionId),
    index("calendar_subscriptions_expires_idx").on(t.expiresAt),
    check(
      "calendar_subscriptions_status_check",
      sql.raw(`status in (${subscriptionStatuses.map((s) => `'${s}'`).join(", ")})`),
    ),
  ],
);

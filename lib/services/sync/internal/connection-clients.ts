import type { ServiceContext } from "@/lib/context/service-context";
import type { GraphCalendarClient } from "@/lib/graph/calendar-client";
import type { ClientOptions } from "@/lib/graph/microsoft-graph";
import type { GraphSubscriptionClient } from "@/lib/graph/subscription-client";

/** What a connection needs to be reached at its provider: its id and the account it signed in with. */
export type ReachableConnection = { id: string; homeAccountId: string | null };

/**
 * The one place a connection's calendar meets its provider (today Microsoft Graph; a second provider
 * branches here on the connection): its calendar and its change-notification subscriptions, through the
 * process's shared limiter and token cache. Null when the connection cannot be reached: no provider is
 * configured, or no sign-in is stored. `options` counts the requests (a run's counter, a heartbeat).
 */
export function connectionClients(
  ctx: ServiceContext,
  connection: ReachableConnection,
  options: ClientOptions = {},
): { calendar: () => GraphCalendarClient; subscriptions: () => GraphSubscriptionClient } | null {
  const graph = ctx.graph;
  if (!graph || !connection.homeAccountId) return null;
  const account = { id: connection.id, homeAccountId: connection.homeAccountId };
  let calendar: GraphCalendarClient | undefined;
  let subscriptions: GraphSubscriptionClient | undefined;
  return {
    calendar: () => (calendar ??= graph.forConnection(account, options)),
    subscriptions: () => (subscriptions ??= graph.subscriptionsFor(account, options)),
  };
}

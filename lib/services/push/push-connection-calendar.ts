import { eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import type { ServiceContext } from "@/lib/context/service-context";
import { isLive } from "@/lib/sync/connection-state";
import { convergePush, type ConvergePushResult } from "./converge-push";

/**
 * The push job's work: converge every booking of the connection's instructor (and every entry the
 * connection holds) in its Outlook calendar. A connection that is not live is left alone: Reconnect
 * needed keeps its desired state until the instructor reconnects (which requests a push), and
 * Removal owns a disconnecting one.
 */
export async function pushConnectionCalendar({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; trigger: SyncTrigger };
}): Promise<ConvergePushResult | null> {
  const [connection] = await ctx.db
    .select({ instructorId: calendarConnections.instructorId, status: calendarConnections.status })
    .from(calendarConnections)
    .where(eq(calendarConnections.id, input.connectionId));
  if (!connection || !isLive(connection.status)) return null;
  return convergePush({
    ctx,
    scope: { instructorIds: [connection.instructorId] },
    trigger: input.trigger,
    connectionId: input.connectionId,
  });
}

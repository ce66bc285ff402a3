import { pushConnectionColumns } from "@/db/queries/push-entry-lease";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import type { ServiceContext } from "@/lib/context/service-context";
import { loadPushDesiredState } from "@/db/queries/push-desired-state";
import { releasePreparedEntries, takePreparedEntries } from "@/db/queries/push-entry-lease";
import { isLive } from "@/lib/sync/connection-state";
import { convergePush, type ConvergePushResult } from "./converge-push";
import { LEASE_MS } from "./internal/push-connection";

/**
 * The push job's work: converge every booking of the connection's instructor (and every entry the
 * connection holds) in its Outlook calendar. A connection that is not live is left alone: Reconnect
 * needed keeps its desired state until the instructor reconnects (which requests a push), and
 * Removal owns a disconnecting one. With `eventIds` (what changed), only those events' bookings of
 * the instructor are converged. With `prepared` (the lease holder of the saving transaction that
 * sent the request, see internal/prepare-pushes.ts), the operations it planned are taken up and
 * sent first, with one statement before the first Graph request. `holder`: the job run's own lease
 * holder, the same on every attempt and after a restart, so a run resumed after its process died takes
 * its entries up at once (and sends any create again with the same transactionId) instead of waiting
 * for its own leases to lapse.
 */
export async function pushConnectionCalendar({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    connectionId: string;
    trigger: SyncTrigger;
    eventIds?: readonly string[];
    prepared?: string;
    holder?: string;
  };
}): Promise<ConvergePushResult | null> {
  const eventScope = input.eventIds?.length ? { eventIds: input.eventIds } : null;
  const holder = input.holder ?? `push:${randomUUID()}`;
  const taken =
    input.prepared && eventScope
      ? await takePreparedEntries(ctx.db, {
          connectionId: input.connectionId,
          eventIds: eventScope.eventIds,
          prepared: input.prepared,
          holder,
          now: ctx.now(),
          ttlMs: LEASE_MS,
        })
      : null;
  // Nothing left under the reservation (an earlier attempt of this run took it): converge as below.
  if (taken && eventScope) {
    if (!isLive(taken.connection.status)) {
      await releasePreparedEntries(ctx.db, input.connectionId, input.prepared!);
      return null;
    }
    return convergePush({
      ctx,
      scope: eventScope,
      trigger: input.trigger,
      connection: taken.connection,
      prepared: { holder, operations: taken.operations },
    });
  }

  // A scope of events is known before the connection is read: both are read at once.
  const [[connection], desired] = await Promise.all([
    ctx.db
      .select(pushConnectionColumns)
      .from(calendarConnections)
      .where(eq(calendarConnections.id, input.connectionId)),
    eventScope && loadPushDesiredState(ctx.db, eventScope, { appUrl: ctx.config.appUrl }),
  ]);
  if (!connection || !isLive(connection.status)) return null;
  return convergePush({
    ctx,
    scope: eventScope ?? { instructorIds: [connection.instructorId] },
    trigger: input.trigger,
    connection,
    holder,
    ...(desired && { desired }),
  });
}

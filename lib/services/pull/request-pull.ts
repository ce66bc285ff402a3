import { eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { isLive } from "@/lib/sync/connection-state";
import { isUuid } from "@/db/queries/ids";
import { openRun, queuedRun } from "@/db/queries/sync-runs";

/**
 * Asks for a pull of the instructor's calendar now (Sync Calendar, the API): a queued sync_runs row
 * and its `sync/pull.requested` job, recorded together. A pull already queued for the
 * connection is joined rather than repeated. With `confirmHeld`, the pull applies a round the safety
 * rule held.
 */
export async function requestPull({
  ctx,
  instructorId,
  trigger,
  confirmHeld,
}: {
  ctx: ServiceContext;
  instructorId: string;
  trigger: SyncTrigger;
  confirmHeld?: boolean;
}): Promise<{ runId: string; joined: boolean }> {
  const [connection] = !isUuid(instructorId)
    ? []
    : await ctx.db
        .select({ id: calendarConnections.id, status: calendarConnections.status })
        .from(calendarConnections)
        .where(eq(calendarConnections.instructorId, instructorId));
  if (!connection) throw new NotFoundError("Calendar connection", instructorId);
  if (!isLive(connection.status))
    throw new ConflictError(`The calendar connection is ${connection.status.replace(/_/g, " ")}; it cannot sync`);

  // The row and its job are recorded in one transaction: no queued run is ever left without its job.
  return inTransaction(ctx, async (tx) => {
    const queued = confirmHeld ? null : await queuedRun(tx.db, connection.id, "pull");
    if (queued) return { runId: queued, joined: true };
    const created = await openRun(tx.db, { connectionId: connection.id, kind: "pull", trigger, now: tx.now() });
    await tx.jobs.send({
      name: "sync/pull.requested",
      data: { connectionId: connection.id, trigger, runId: created, ...(confirmHeld && { confirmHeld }) },
    });
    return { runId: created, joined: false };
  });
}

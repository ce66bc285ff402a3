import { eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import { syncRuns, type SyncTrigger } from "@/db/schema/sync-runs";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { isLive } from "@/lib/sync/connection-state";
import { isUuid } from "@/db/queries/ids";
import { errorClassOf } from "../internal/error-class";
import { openPullRunRow, queuedPullRun } from "./internal/pull-runs";

/**
 * Asks for a pull of the instructor's calendar now (Sync Calendar, the API): a queued sync_runs row
 * and a `sync/pull.requested` event, sent after the row is committed. A pull already queued for the
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

  let created: string | null = null;
  try {
    return await inTransaction(ctx, async (tx) => {
      const queued = confirmHeld ? null : await queuedPullRun(tx.db, connection.id);
      if (queued) return { runId: queued, joined: true };
      created = await openPullRunRow(tx.db, connection.id, trigger, tx.now());
      await tx.jobs.send({
        name: "sync/pull.requested",
        data: { connectionId: connection.id, trigger, runId: created, ...(confirmHeld && { confirmHeld }) },
      });
      return { runId: created, joined: false };
    });
  } catch (error) {
    // The row was committed but its job was refused (a full queue): do not leave it queued forever.
    if (created)
      await ctx.db
        .update(syncRuns)
        .set({
          status: "failed",
          finishedAt: ctx.now(),
          errorClass: errorClassOf(error),
          errorMessage: "The pull could not be queued; try again shortly",
        })
        .where(eq(syncRuns.id, created));
    throw error;
  }
}

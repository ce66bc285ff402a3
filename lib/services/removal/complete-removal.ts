import { finishRun } from "@/db/queries/sync-runs";
import type { SyncCounts } from "@/db/schema";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { finishDisconnect } from "../connect/finish-disconnect";
import { logConnectionEvent } from "../internal/log-connection-event";
import { purgeLateWrites } from "./internal/purge-late-writes";
import { removalConnection } from "./internal/removal-connection";

/**
 * The removal job's last step: the connection turns Disconnected or Disconnected by instructor, as recorded
 * when its disconnection began (`disconnect_requested_by`; not the request's `by`, so a restart by an admin
 * or a re-sent request cannot change whose disconnection it was), and the run is recorded as succeeded with
 * its counts and Graph requests. Again after it finished: nothing changes. Before the status changes, under
 * the connection row's lock, it purges anything written for the connection after the purge step
 * (internal/purge-late-writes.ts, counted as `lateRows`): once the removal completes, we hold nothing of
 * the instructor's calendar.
 */
export async function completeRemoval({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    connectionId: string;
    runId: string | null;
    counts: SyncCounts;
    graphRequests: number;
    /** Why the run could not delete our Outlook entries (a refused token), recorded on the run. */
    incomplete?: string;
  };
}) {
  return inTransaction(ctx, async (tx) => {
    const connection = await removalConnection(tx, input.connectionId);
    const lateRows = connection?.status === "disconnecting" ? await purgeLateWrites(tx.db, connection.id) : 0;
    const counts = { ...input.counts, ...(lateRows > 0 && { lateRows }) };
    const moved =
      connection?.status === "disconnecting"
        ? await finishDisconnect({
            ctx: tx,
            // Never null while disconnecting (check calendar_connections_disconnecting_has_requester).
            input: { connectionId: input.connectionId, by: connection.disconnectRequestedBy ?? "admin" },
          })
        : { status: connection?.status ?? null };
    if (input.runId)
      await finishRun(
        tx.db,
        input.runId,
        {
          status: "succeeded",
          counts,
          graphRequests: input.graphRequests,
          errorClass: input.incomplete ? "ReconnectRequiredError" : null,
          errorMessage: input.incomplete ?? null,
        },
        tx.now(),
        { unfinishedOnly: true },
      );
    if (connection && connection.status === "disconnecting")
      await logConnectionEvent(
        tx,
        connection.instructorId,
        input.incomplete ? "removal_incomplete" : "removal_finished",
        input.incomplete
          ? `Removal finished locally; ${input.counts.leftovers ?? 0} of our Outlook entries could not be deleted: ${input.incomplete}`
          : `Removal finished: ${input.counts.deleted ?? 0} Outlook entries deleted, local copies purged`,
      );
    return moved;
  });
}

import { eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import { openRun } from "@/db/queries/sync-runs";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { ConflictError } from "@/lib/errors";
import { logConnectionEvent } from "../internal/log-connection-event";

/**
 * A removal started again (its run failed and an admin clicked Remove Calendar, or the sweep found it
 * stranded with no job behind it): a new run and its request, recorded together. It still ends as the
 * disconnection's requester recorded on the connection (an instructor's Disconnect or revoked app:
 * Disconnected by instructor); the connection log says who restarted it. A connection no longer
 * `disconnecting` (finished or reconnected meanwhile) is refused.
 */
export async function restartRemoval({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { instructorId: string; connectionId: string; restartedBy: "admin" | "sweep" };
}) {
  const { instructorId, connectionId, restartedBy } = input;
  return inTransaction(ctx, async (tx) => {
    // Locked: a removal finishing meanwhile waits; the request queued here then finds it done and cancels its run.
    const [connection] = await tx.db
      .select({ status: calendarConnections.status, by: calendarConnections.disconnectRequestedBy })
      .from(calendarConnections)
      .where(eq(calendarConnections.id, connectionId))
      .for("update");
    if (connection?.status !== "disconnecting")
      throw new ConflictError("The connection changed meanwhile; please try again");
    // Never null while disconnecting (check calendar_connections_disconnecting_has_requester).
    const by = connection.by ?? "admin";
    const runId = await openRun(tx.db, { connectionId, kind: "removal", trigger: "manual", now: tx.now() });
    const who =
      restartedBy === "admin"
        ? "An admin started the removal again"
        : "The removal had stopped; it was started again automatically";
    await logConnectionEvent(
      tx,
      instructorId,
      "removal_restarted",
      by === "instructor" ? `${who}; the instructor disconnected, so it ends Disconnected by instructor` : who,
    );
    await tx.jobs.send({ name: "calendar/removal.requested", data: { connectionId, by, runId } });
    return { runId };
  });
}

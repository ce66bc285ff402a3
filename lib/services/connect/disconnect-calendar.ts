import { eq, sql } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import { openRun } from "@/db/queries/sync-runs";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { logConnectionEvent } from "../internal/log-connection-event";
import type { DisconnectRequester } from "@/lib/sync/connection-state";
import { transitionConnection } from "../sync/transition-connection";

/**
 * Stops syncing: the connection turns `disconnecting` (pushes and pulls stop), recording who asked
 * (`disconnect_requested_by`, which the removal ends with however often it is restarted), and a removal run is
 * queued; after the commit the removal job (calendar/removal.requested, inngest/functions/calendar-removal.ts)
 * deletes our Outlook entries, purges the local copies and, last, the stored Microsoft sign-in: the token
 * must outlive the clean-up it pays for. Every manage link issued so far stops working. Returns the
 * removal's sync run, whose progress `GET /api/v1/sync-runs/{runId}` shows.
 */
export async function disconnectCalendar({
  ctx,
  instructorId,
  by,
  trigger = "manual",
  reason,
}: {
  ctx: ServiceContext;
  instructorId: string;
  by: DisconnectRequester;
  trigger?: SyncTrigger;
  /** For the connection log, when not the plain button (e.g. the instructor revoked the app at Microsoft). */
  reason?: string;
}): Promise<{ runId: string; connectionId: string }> {
  const [existing] = await ctx.db
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructorId));
  if (!existing) throw new NotFoundError("Calendar connection", instructorId);
  return inTransaction(ctx, async (tx) => {
    const moved = await transitionConnection({
      ctx: tx,
      where: { connectionId: existing.id },
      event: { type: "disconnect_requested", by },
      values: { disconnectedAt: tx.now() },
    });
    if (!moved) throw new ConflictError("The connection changed meanwhile; please try again");
    await tx.db
      .update(calendarConnections)
      .set({ manageLinkVersion: sql`${calendarConnections.manageLinkVersion} + 1` })
      .where(eq(calendarConnections.id, existing.id));
    const runId = await openRun(tx.db, { connectionId: existing.id, kind: "removal", trigger, now: tx.now() });
    await logConnectionEvent(
      tx,
      instructorId,
      "disconnected",
      reason ?? (by === "admin" ? "An admin removed the calendar" : "The instructor disconnected their calendar"),
    );
    await tx.jobs.send({
      name: "calendar/removal.requested",
      data: { connectionId: existing.id, by, runId },
    });
    return { runId, connectionId: existing.id };
  });
}

import { eq, sql } from "drizzle-orm";
import { calendarConnections, tokenCaches } from "@/db/schema";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { logConnectionEvent } from "../internal/log-connection-event";
import { transitionConnection } from "../sync/transition-connection";

/**
 * Stops syncing: the connection turns `disconnecting` and the stored Microsoft sign-in is deleted
 * at once; after the commit the removal job (calendar/removal.requested) undoes what the sync
 * created and finishes the disconnection (finishDisconnect). Every manage link issued so far stops
 * working.
 */
export async function disconnectCalendar({
  ctx,
  instructorId,
  by,
}: {
  ctx: ServiceContext;
  instructorId: string;
  by: "instructor" | "admin";
}) {
  const [existing] = await ctx.db
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructorId));
  if (!existing) throw new NotFoundError("Calendar connection", instructorId);
  await inTransaction(ctx, async (tx) => {
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
    await tx.db.delete(tokenCaches).where(eq(tokenCaches.connectionId, existing.id));
    await logConnectionEvent(
      tx,
      instructorId,
      "disconnected",
      by === "admin" ? "An admin removed the calendar" : "The instructor disconnected their calendar",
    );
    await tx.jobs.send({ name: "calendar/removal.requested", data: { connectionId: existing.id, by } });
  });
}

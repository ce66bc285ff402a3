import { and, eq, sql } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import {
  nextConnectionStatus,
  requesterAfter,
  type ConnectionEvent,
  type ConnectionStatus,
} from "@/lib/sync/connection-state";
import type { ServiceContext } from "@/lib/context/service-context";

type Where = { instructorId: string } | { connectionId: string };
type Values = Partial<Pick<typeof calendarConnections.$inferInsert, "disconnectedAt" | "connectedAt">>;

/**
 * Moves an existing connection through the state machine (lib/sync/connection-state.ts): an
 * impossible move throws InvalidConnectionTransitionError. The UPDATE only applies while the status
 * is still the one read, so of two concurrent moves one wins and the other gets `null`. Who requested a
 * disconnection (`disconnect_requested_by`) is written by the same UPDATE (`requesterAfter`).
 *
 * Every move to `disconnecting` (a Disconnect, Remove Calendar, the API's DELETE, a revoked app, a
 * finish-removal sign-in) also moves the removal fence on (`generation`, lib/sync/connection-fence.ts)
 * in that UPDATE: the row stays locked until the caller's transaction commits, so a pull or push that
 * read the connection before either wrote before it or finds the generation moved and gives up.
 */
export async function transitionConnection({
  ctx,
  where,
  event,
  values = {},
  from: known,
}: {
  ctx: ServiceContext;
  where: Where;
  event: ConnectionEvent;
  values?: Values;
  /** The status the caller has just read: saves reading it again (the UPDATE still checks it). */
  from?: ConnectionStatus;
}) {
  const match =
    "instructorId" in where
      ? eq(calendarConnections.instructorId, where.instructorId)
      : eq(calendarConnections.id, where.connectionId);
  const from: ConnectionStatus | null =
    known ??
    (await ctx.db.select({ status: calendarConnections.status }).from(calendarConnections).where(match))[0]?.status ??
    null;
  const to = nextConnectionStatus(from, event);
  const requester = requesterAfter(from, event);
  const [moved] = await ctx.db
    .update(calendarConnections)
    .set({
      ...values,
      ...(requester !== undefined && { disconnectRequestedBy: requester }),
      ...(to === "disconnecting" && { generation: sql`${calendarConnections.generation} + 1` }),
      status: to,
      updatedAt: ctx.now(),
    })
    .where(and(match, eq(calendarConnections.status, from!)))
    .returning({
      id: calendarConnections.id,
      instructorId: calendarConnections.instructorId,
      disconnectRequestedBy: calendarConnections.disconnectRequestedBy,
      generation: calendarConnections.generation,
    });
  return moved ? { ...moved, from, to } : null;
}

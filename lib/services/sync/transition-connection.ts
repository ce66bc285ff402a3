import { and, eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import { nextConnectionStatus, type ConnectionEvent, type ConnectionStatus } from "@/lib/sync/connection-state";
import type { ServiceContext } from "@/lib/context/service-context";

type Where = { instructorId: string } | { connectionId: string };
type Values = Partial<Pick<typeof calendarConnections.$inferInsert, "disconnectedAt" | "connectedAt">>;

/**
 * Moves an existing connection through the state machine (lib/sync/connection-state.ts): an
 * impossible move throws InvalidConnectionTransitionError. The UPDATE only applies while the status
 * is still the one read, so of two concurrent moves one wins and the other gets `null`.
 */
export async function transitionConnection({
  ctx,
  where,
  event,
  values = {},
}: {
  ctx: ServiceContext;
  where: Where;
  event: ConnectionEvent;
  values?: Values;
}) {
  const match =
    "instructorId" in where
      ? eq(calendarConnections.instructorId, where.instructorId)
      : eq(calendarConnections.id, where.connectionId);
  const [current] = await ctx.db.select({ status: calendarConnections.status }).from(calendarConnections).where(match);
  const from: ConnectionStatus | null = current?.status ?? null;
  const to = nextConnectionStatus(from, event);
  const [moved] = await ctx.db
    .update(calendarConnections)
    .set({ ...values, status: to, updatedAt: ctx.now() })
    .where(and(match, eq(calendarConnections.status, from!)))
    .returning({ id: calendarConnections.id, instructorId: calendarConnections.instructorId });
  return moved ? { ...moved, from, to } : null;
}

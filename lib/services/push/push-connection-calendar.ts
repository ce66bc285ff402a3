import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { loadPushDesiredState, type PushScope } from "@/db/queries/push-desired-state";
import { runConnectionColumns } from "@/db/queries/connection-fence";
import { calendarConnections } from "@/db/schema";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import type { DbOrTx } from "@/db/types";
import type { ServiceContext } from "@/lib/context/service-context";
import { isLive } from "@/lib/sync/connection-state";
import { runConnection } from "../sync/run-connection";
import { pushInRun, type ConnectionPushResult, type PushTarget } from "./internal/push-connection";

/**
 * The push job's work: converge every booking of the connection's instructor (and every entry the
 * connection holds) in its Outlook calendar, as one run of the connection skeleton
 * (lib/services/sync/run-connection.ts: the run opened once the connection is found live, the Graph client
 * counted, the end recorded by the one policy). A connection that is not live is left alone (null, no run):
 * Reconnect needed keeps its desired state until the instructor reconnects (which requests a push), and
 * Removal owns a disconnecting one. With `eventIds` (what changed), only those events' bookings of the
 * instructor are read and converged. `holder`: the job run's own lease holder, the same on every attempt and
 * after a restart, so a run resumed after its process died takes its entries up at once (and sends any
 * create again with the same transactionId) instead of waiting for its own leases to lapse. Each booking is
 * planned once, here (docs/decisions/0006-push-push-planned-once.md).
 */
export async function pushConnectionCalendar({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; trigger: SyncTrigger; eventIds?: readonly string[]; holder?: string };
}): Promise<ConnectionPushResult | null> {
  const holder = input.holder ?? `push:${randomUUID()}`;
  const eventScope = input.eventIds?.length ? { eventIds: input.eventIds } : null;
  const result = await runConnection(ctx, {
    connectionId: input.connectionId,
    kind: "push",
    row: { open: input.trigger },
    read: (db, connectionId) => pushTarget(db, connectionId, eventScope, ctx.config.appUrl),
    body: (run) => pushInRun(ctx, run, holder),
  });
  return result.outcome === "done" ? result.value : null;
}

/**
 * The connection and the state its push needs, read once before Graph: a scope of events is known before
 * the connection is read, so both are read at once (the booking → Outlook path); otherwise the
 * instructor's every booking once the connection says whose.
 */
async function pushTarget(
  db: DbOrTx,
  connectionId: string,
  eventScope: PushScope | null,
  appUrl: string,
): Promise<PushTarget | null> {
  const [[connection], scoped] = await Promise.all([
    db.select(runConnectionColumns).from(calendarConnections).where(eq(calendarConnections.id, connectionId)),
    eventScope && loadPushDesiredState(db, eventScope, { appUrl }),
  ]);
  if (!connection) return null;
  // Not live: the skeleton leaves it alone, so there is nothing to read for it.
  if (!isLive(connection.status)) return { ...connection, desired: scoped ?? { candidates: [], recorded: [] } };
  const desired = scoped ?? (await loadPushDesiredState(db, { instructorIds: [connection.instructorId] }, { appUrl }));
  return { ...connection, desired };
}

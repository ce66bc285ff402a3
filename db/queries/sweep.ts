import { and, eq, inArray, notExists, sql, type AnyColumn } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { calendarConnections, jobRequests, syncRuns, type SyncKind } from "../schema";
import type { DbOrTx } from "../types";

/** The job events that carry each kind of run: a row of them queued or running keeps its runs alive. */
const eventsOf: Record<SyncKind, string[]> = {
  pull: ["sync/pull.requested", "sync/notification.received"],
  push: ["sync/push.requested"],
  removal: ["calendar/removal.requested"],
};

/** The last sign of life of a run: its heartbeat, else when it started, else when it was queued. */
const lastSign = sql<Date>`coalesce(${syncRuns.heartbeatAt}, ${syncRuns.startedAt}, ${syncRuns.queuedAt})`;

/**
 * A job request of this kind for the connection (`connectionId`: the outer query's column) is still to run
 * or running (in-process only; relayed ones are Inngest's).
 */
function liveJobFor(db: DbOrTx, kind: SyncKind, connectionId: AnyColumn) {
  return db
    .select({ one: sql`1` })
    .from(jobRequests)
    .where(
      and(
        inArray(jobRequests.state, ["queued", "running"]),
        inArray(jobRequests.eventName, eventsOf[kind]),
        sql`${jobRequests.eventData}->>'connectionId' = ${connectionId}::text`,
      ),
    );
}

/**
 * Runs shown queued or running with no sign of life since `before` and no job request left that could
 * still finish them: their job was lost, or died without a word. The sweep ends them.
 */
export async function stalledSyncRuns(db: DbOrTx, before: Date) {
  const rows = [];
  for (const kind of ["pull", "push", "removal"] as const)
    rows.push(
      ...(await db
        .select({
          id: syncRuns.id,
          connectionId: syncRuns.connectionId,
          kind: syncRuns.kind,
          status: syncRuns.status,
          trigger: syncRuns.trigger,
        })
        .from(syncRuns)
        .where(
          and(
            eq(syncRuns.kind, kind),
            inArray(syncRuns.status, ["queued", "running"]),
            sql`${lastSign} < ${before.toISOString()}::timestamptz`,
            notExists(liveJobFor(db, kind, syncRuns.connectionId)),
          ),
        )
        .limit(500)),
    );
  return rows;
}

/**
 * Connections `disconnecting` whose removal is not alive: no removal run queued or running with a sign of
 * life since `before`, no removal job request waiting, and the last removal did not fail for good (a
 * failed one waits for an admin's Remove Calendar, which shows why).
 */
export async function strandedRemovals(db: DbOrTx, before: Date) {
  const live = alias(syncRuns, "live");
  return db
    .select({ connectionId: calendarConnections.id, instructorId: calendarConnections.instructorId })
    .from(calendarConnections)
    .where(
      and(
        eq(calendarConnections.status, "disconnecting"),
        notExists(
          db
            .select({ one: sql`1` })
            .from(live)
            .where(
              and(
                eq(live.connectionId, calendarConnections.id),
                eq(live.kind, "removal"),
                inArray(live.status, ["queued", "running"]),
                sql`coalesce(${live.heartbeatAt}, ${live.startedAt}, ${live.queuedAt}) >= ${before.toISOString()}::timestamptz`,
              ),
            ),
        ),
        notExists(liveJobFor(db, "removal", calendarConnections.id)),
        // The newest removal run, if any, did not fail.
        sql`coalesce((select f.status::text from sync_runs f where f.connection_id = ${calendarConnections.id} and f.kind = 'removal' order by f.queued_at desc limit 1), 'none') <> 'failed'`,
      ),
    )
    .limit(500);
}

/** Connections shown `syncing` with no pull running: the pull that set it ended without setting it back. */
export async function idleSyncingConnections(db: DbOrTx) {
  const running = alias(syncRuns, "running");
  return db
    .select({ connectionId: calendarConnections.id })
    .from(calendarConnections)
    .where(
      and(
        eq(calendarConnections.status, "syncing"),
        notExists(
          db
            .select({ one: sql`1` })
            .from(running)
            .where(
              and(
                eq(running.connectionId, calendarConnections.id),
                eq(running.kind, "pull"),
                eq(running.status, "running"),
              ),
            ),
        ),
      ),
    )
    .limit(500);
}

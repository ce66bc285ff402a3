import { and, count, eq, inArray, isNotNull } from "drizzle-orm";
import { calendarConnections, instructors, pushEntries, syncRuns } from "@/db/schema";
import { mirroredCountsByConnection, type MirroredCounts } from "@/db/queries/mirrored-counts";
import type { ServiceContext } from "@/lib/context/service-context";
import { statusesAccepting, type ConnectionStatus } from "@/lib/sync/connection-state";

/**
 * What Remove Calendar would do for an instructor: `remove` a connected (or Reconnect needed) calendar;
 * `retry` a removal that gave up (the connection is still `disconnecting` and no removal run is queued or
 * running); otherwise `skip`, with why, in words an admin reads.
 */
export type RemovalAction = { kind: "remove" } | { kind: "retry" } | { kind: "skip"; reason: string };

export function removalAction(status: ConnectionStatus | null, removalActive: boolean): RemovalAction {
  if (status && statusesAccepting("disconnect_requested").includes(status)) return { kind: "remove" };
  if (status === "disconnecting")
    return removalActive ? { kind: "skip", reason: "removal already running" } : { kind: "retry" };
  if (status === "disconnected" || status === "disconnected_by_instructor")
    return { kind: "skip", reason: "already disconnected" };
  return { kind: "skip", reason: "not connected" };
}

export type RemovalCandidate = {
  instructorId: string;
  name: string;
  connectionId: string | null;
  status: ConnectionStatus | null;
  action: RemovalAction;
  /** Our entries recorded in their Outlook (push entries with an Outlook id): what the sweep deletes. */
  entriesInOutlook: number;
  /** Their mirrored events (db/queries/mirrored-counts.ts, the figure the table shows): what the purge deletes. */
  mirroredEvents: number;
};

/** The selected instructors with what Remove Calendar would do and remove for each, in a fixed number of queries. */
export async function removalCandidates(ctx: ServiceContext, instructorIds: string[]): Promise<RemovalCandidate[]> {
  if (!instructorIds.length) return [];
  const rows = await ctx.db
    .select({
      instructorId: instructors.id,
      name: instructors.name,
      connectionId: calendarConnections.id,
      status: calendarConnections.status,
    })
    .from(instructors)
    .leftJoin(calendarConnections, eq(calendarConnections.instructorId, instructors.id))
    .where(inArray(instructors.id, instructorIds));
  const connectionIds = rows.flatMap((r) => (r.connectionId ? [r.connectionId] : []));
  const [pushed, mirrored, active] = connectionIds.length
    ? await Promise.all([
        ctx.db
          .select({ connectionId: pushEntries.connectionId, n: count() })
          .from(pushEntries)
          .where(and(inArray(pushEntries.connectionId, connectionIds), isNotNull(pushEntries.outlookEventId)))
          .groupBy(pushEntries.connectionId),
        mirroredCountsByConnection(ctx.db, connectionIds),
        ctx.db
          .selectDistinct({ connectionId: syncRuns.connectionId })
          .from(syncRuns)
          .where(
            and(
              inArray(syncRuns.connectionId, connectionIds),
              eq(syncRuns.kind, "removal"),
              inArray(syncRuns.status, ["queued", "running"]),
            ),
          ),
      ])
    : [[], new Map<string, MirroredCounts>(), []];
  const pushedOf = new Map(pushed.map((r) => [r.connectionId, r.n]));
  const activeSet = new Set(active.map((r) => r.connectionId));
  const order = new Map(instructorIds.map((id, i) => [id, i]));
  return rows
    .sort((a, b) => order.get(a.instructorId)! - order.get(b.instructorId)!)
    .map((r) => ({
      instructorId: r.instructorId,
      name: r.name,
      connectionId: r.connectionId,
      status: r.status,
      action: removalAction(r.status, r.connectionId ? activeSet.has(r.connectionId) : false),
      entriesInOutlook: (r.connectionId && pushedOf.get(r.connectionId)) || 0,
      mirroredEvents: (r.connectionId && mirrored.get(r.connectionId)?.mirrored) || 0,
    }));
}

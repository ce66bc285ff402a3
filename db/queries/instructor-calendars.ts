import { inArray, sql } from "drizzle-orm";
import { availabilityState, type AvailabilityState } from "@/lib/sync/availability-state";
import type { PrivacyMode } from "@/lib/connect/what-is-shared";
import { calendarConnections } from "../schema";
import type { DbOrTx } from "../types";

export type InstructorCalendar = {
  state: AvailabilityState;
  privacyMode: PrivacyMode | null;
  /** When the newest successful pull finished (sync_runs). */
  lastPullAt: Date | null;
};

export const noCalendar: InstructorCalendar = { state: "not_connected", privacyMode: null, lastPullAt: null };

/** Whether each instructor's mirror can be trusted, in one query (connections + their pulls in sync_runs). */
export async function instructorCalendars(
  db: DbOrTx,
  instructorIds: string[],
  now: Date,
): Promise<Map<string, InstructorCalendar>> {
  const result = new Map<string, InstructorCalendar>();
  if (instructorIds.length === 0) return result;
  const rows = await db
    .select({
      instructorId: calendarConnections.instructorId,
      status: calendarConnections.status,
      privacyMode: calendarConnections.privacyMode,
      lastPullAt: sql<string | null>`(select max(r.finished_at) from sync_runs r
        where r.connection_id = calendar_connections.id and r.kind = 'pull' and r.status = 'succeeded')`,
      latestPull: sql<string | null>`(select r.status from sync_runs r
        where r.connection_id = calendar_connections.id and r.kind = 'pull' and r.status in ('succeeded', 'failed')
        order by r.finished_at desc nulls last limit 1)`,
    })
    .from(calendarConnections)
    .where(inArray(calendarConnections.instructorId, instructorIds));
  for (const row of rows) {
    const lastPullAt = row.lastPullAt ? new Date(row.lastPullAt) : null;
    result.set(row.instructorId, {
      state: availabilityState({
        connectionStatus: row.status,
        lastPullAt,
        latestPullFailed: row.latestPull === "failed",
        now,
      }),
      privacyMode: row.privacyMode,
      lastPullAt,
    });
  }
  return result;
}

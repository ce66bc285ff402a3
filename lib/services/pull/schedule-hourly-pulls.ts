import { eq, inArray } from "drizzle-orm";
import { calendarConnections, instructors, pullStates } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { baselineDue, pullWindow } from "@/lib/sync/pull-window";
import type { SyncTrigger } from "@/lib/sync/sync-run-vocabulary";

export type HourlyPullsOutcome = { sent: number };

/**
 * The hourly cadence: one `sync/pull.requested` per live connection (each pull job records its own
 * run), recorded together. A connection whose delta token is due for a new baseline (at least daily,
 * so the window keeps reaching 12 months ahead) is sent as `baseline`, so the sync log tells those
 * rounds apart. Both triggers are bulk work for the job layer: people's requests go first.
 */
export async function scheduleHourlyPulls({ ctx }: { ctx: ServiceContext }): Promise<HourlyPullsOutcome> {
  const now = ctx.now();
  const connections = await ctx.db
    .select({
      id: calendarConnections.id,
      privacyMode: calendarConnections.privacyMode,
      timeZone: instructors.timeZone,
      state: pullStates,
    })
    .from(calendarConnections)
    .innerJoin(instructors, eq(instructors.id, calendarConnections.instructorId))
    .leftJoin(pullStates, eq(pullStates.connectionId, calendarConnections.id))
    .where(inArray(calendarConnections.status, ["connected", "syncing"]))
    .orderBy(calendarConnections.id);
  if (connections.length > 0)
    await ctx.jobs.send(
      connections.map((connection) => ({
        name: "sync/pull.requested" as const,
        data: { connectionId: connection.id, trigger: triggerFor(connection, now) },
      })),
    );
  return { sent: connections.length };
}

/** Full Private Mode re-reads the whole window every hour, so only Default mode has baseline rounds. */
function triggerFor(
  connection: {
    privacyMode: string;
    timeZone: string;
    state: { deltaLink: string | null; windowStart: Date; windowEnd: Date; baselineAt: Date } | null;
  },
  now: Date,
): SyncTrigger {
  if (connection.privacyMode === "full_private") return "hourly";
  const { state } = connection;
  const token = state?.deltaLink
    ? { window: { start: state.windowStart, end: state.windowEnd }, baselineAt: state.baselineAt }
    : null;
  return baselineDue({ now, wanted: pullWindow({ now, timeZone: connection.timeZone }), token })
    ? "baseline"
    : "hourly";
}

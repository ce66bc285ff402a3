import { and, eq, gt, inArray } from "drizzle-orm";
import { calendarConnections, instructors, pullStates } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { baselineDue, pullWindow } from "@/lib/sync/pull-window";
import type { SyncTrigger } from "@/lib/sync/sync-run-vocabulary";

export type HourlyPullsOutcome = {
  sent: number;
  /** Connections left unsent because the job queue refused more (the in-process runtime's bound). */
  refused: number;
  /** The last connection sent (ids in order): the next call goes on `after` it. */
  lastSentId: string | null;
  reason?: string;
};

/**
 * The hourly cadence: one `sync/pull.requested` per live connection (each pull job records its own
 * run), in connection id order from `after`. A connection whose delta token is due for a new baseline
 * (at least daily, so the window keeps reaching 12 months ahead) is sent as `baseline`, so the sync log
 * tells those rounds apart. Sent one by one: when the queue refuses one, the rest is left for a next
 * call `after` the last one sent (the hourly job waits for room, then goes on).
 */
export async function scheduleHourlyPulls({
  ctx,
  input = {},
}: {
  ctx: ServiceContext;
  input?: { after?: string | null };
}): Promise<HourlyPullsOutcome> {
  const now = ctx.now();
  const live = inArray(calendarConnections.status, ["connected", "syncing"]);
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
    .where(input.after ? and(live, gt(calendarConnections.id, input.after)) : live)
    .orderBy(calendarConnections.id);
  let sent = 0;
  let lastSentId: string | null = null;
  for (const connection of connections) {
    try {
      const trigger = triggerFor(connection, now);
      await ctx.jobs.send({ name: "sync/pull.requested", data: { connectionId: connection.id, trigger } });
      sent++;
      lastSentId = connection.id;
    } catch (error) {
      return {
        sent,
        refused: connections.length - sent,
        lastSentId,
        reason: error instanceof Error ? error.message : String(error),
      };
    }
  }
  return { sent, refused: 0, lastSentId };
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

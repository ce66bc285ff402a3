import { and, gt, inArray } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";

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
 * run), in connection id order from `after`. Sent one by one: when the queue refuses one, the rest
 * is left for a next call `after` the last one sent (the hourly job waits for room, then goes on).
 */
export async function scheduleHourlyPulls({
  ctx,
  input = {},
}: {
  ctx: ServiceContext;
  input?: { after?: string | null };
}): Promise<HourlyPullsOutcome> {
  const live = inArray(calendarConnections.status, ["connected", "syncing"]);
  const connections = await ctx.db
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .where(input.after ? and(live, gt(calendarConnections.id, input.after)) : live)
    .orderBy(calendarConnections.id);
  let sent = 0;
  let lastSentId: string | null = null;
  for (const { id } of connections) {
    try {
      await ctx.jobs.send({ name: "sync/pull.requested", data: { connectionId: id, trigger: "schedule" } });
      sent++;
      lastSentId = id;
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

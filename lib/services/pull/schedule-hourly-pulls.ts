import { inArray } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";

/**
 * The hourly cadence: one `sync/pull.requested` per live connection (each pull job records its own
 * run). Sent one by one: a queue that refuses more stops the fan-out, and the next hour covers.
 */
export async function scheduleHourlyPulls({ ctx }: { ctx: ServiceContext }) {
  const connections = await ctx.db
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .where(inArray(calendarConnections.status, ["connected", "syncing"]))
    .orderBy(calendarConnections.id);
  let sent = 0;
  for (const { id } of connections) {
    try {
      await ctx.jobs.send({ name: "sync/pull.requested", data: { connectionId: id, trigger: "schedule" } });
      sent++;
    } catch (error) {
      return {
        sent,
        refused: connections.length - sent,
        reason: error instanceof Error ? error.message : String(error),
      };
    }
  }
  return { sent, refused: 0 };
}

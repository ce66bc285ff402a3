import { eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { AccessRevokedError } from "@/lib/errors";
import { isLive } from "@/lib/sync/connection-state";
import { disconnectCalendar } from "../connect/disconnect-calendar";
import { logConnectionEvent } from "../internal/log-connection-event";
import { markReconnectNeeded } from "../microsoft/mark-reconnect-needed";

/**
 * What a refused Microsoft grant means depends on the connection: while it is being removed, the token is
 * simply dead (the removal job purges locally and lists what it could not delete); when the app's consent
 * was revoked, the instructor removed us from their Microsoft account, which is their disconnection
 * (Removal runs, ending Disconnected by instructor); otherwise the instructor must reconnect.
 */
export async function handleRefusedGrant({
  ctx,
  instructorId,
  error,
}: {
  ctx: ServiceContext;
  instructorId: string;
  error: Error;
}): Promise<"dead_token" | "revoked_by_instructor" | "reconnect_needed" | "none"> {
  const [connection] = await ctx.db
    .select({ status: calendarConnections.status })
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructorId));
  if (!connection) return "none";
  if (connection.status === "disconnecting") return "dead_token";
  if (error instanceof AccessRevokedError && (isLive(connection.status) || connection.status === "reconnect_needed")) {
    await disconnectCalendar({
      ctx,
      instructorId,
      by: "instructor",
      trigger: "notification",
      reason: "The instructor revoked the app's access in their Microsoft account",
    });
    await logConnectionEvent(
      ctx,
      instructorId,
      "revoked_by_instructor",
      `Microsoft refused the grant: ${error.message}`,
    );
    return "revoked_by_instructor";
  }
  await markReconnectNeeded({ ctx, instructorId, reason: error.message });
  return "reconnect_needed";
}

import { eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import { ConflictError, NotFoundError, ReconnectRequiredError } from "@/lib/errors";
import { isDisconnected } from "@/lib/sync/connection-state";
import type { ServiceContext } from "@/lib/context/service-context";
import { handleRefusedGrant } from "../removal/handle-refused-grant";

/**
 * An access token for an instructor's calendar. A refused grant marks the connection "Reconnect
 * needed" and emails them a reconnect link (once), or, when the instructor revoked the app's consent,
 * starts Removal (handleRefusedGrant); a temporary failure changes nothing and is
 * rethrown, for the sync run that asked to record it.
 */
export async function microsoftAccessToken({
  ctx,
  instructorId,
  forceRefresh = false,
}: {
  ctx: ServiceContext;
  instructorId: string;
  forceRefresh?: boolean;
}): Promise<string> {
  const [connection] = await ctx.db
    .select()
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructorId));
  if (!connection || isDisconnected(connection.status)) throw new NotFoundError("Calendar connection", instructorId);
  if (connection.status === "reconnect_needed")
    throw new ReconnectRequiredError("The instructor must reconnect their calendar");
  if (!ctx.microsoft || !connection.homeAccountId)
    throw new ConflictError("Microsoft 365 sign-in is not configured on this server");
  try {
    const result = await ctx.microsoft.accessToken(
      { id: connection.id, homeAccountId: connection.homeAccountId },
      { forceRefresh },
    );
    return result.accessToken;
  } catch (error) {
    if (error instanceof ReconnectRequiredError) await handleRefusedGrant({ ctx, instructorId, error });
    throw error;
  }
}

import { and, desc, eq, isNotNull } from "drizzle-orm";
import { calendarConnections, instructors, invitations } from "@/db/schema";
import { ConflictError, NotFoundError, ReconnectRequiredError } from "@/lib/errors";
import { isDisconnected } from "@/lib/sync/connection-state";
import type { ServiceContext } from "@/lib/context/service-context";
import { issueInvitation } from "./issue-invitation";
import { logConnectionEvent } from "./log-connection-event";
import { transitionConnection } from "./transition-connection";

/**
 * An access token for an instructor's calendar. A refused grant marks the connection "Reconnect
 * needed" and emails them a reconnect link (once); a temporary failure changes nothing and is
 * rethrown, for the sync run that asked to record it.
 */
export async function microsoftAccessToken({ ctx, instructorId, forceRefresh = false }: {
  ctx: ServiceContext;
  instructorId: string;
  forceRefresh?: boolean;
}): Promise<string> {
  const [connection] = await ctx.db.select().from(calendarConnections).where(eq(calendarConnections.instructorId, instructorId));
  if (!connection || isDisconnected(connection.status)) throw new NotFoundError("Calendar connection", instructorId);
  if (connection.status === "reconnect_needed") throw new ReconnectRequiredError("The instructor must reconnect their calendar");
  if (!ctx.microsoft || !connection.homeAccountId) throw new ConflictError("Microsoft 365 sign-in is not configured on this server");
  try {
    const result = await ctx.microsoft.accessToken({ id: connection.id, homeAccountId: connection.homeAccountId }, { forceRefresh });
    return result.accessToken;
  } catch (error) {
    if (error instanceof ReconnectRequiredError) await markReconnectNeeded(ctx, instructorId, error.message);
    throw error;
  }
}

export async function markReconnectNeeded(ctx: ServiceContext, instructorId: string, reason: string) {
  const [current] = await ctx.db.select({ status: calendarConnections.status }).from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructorId));
  if (current?.status === "reconnect_needed") return; // already marked (and emailed)
  const changed = await transitionConnection(ctx, { instructorId }, { type: "grant_refused" });
  if (!changed) return; // marked (and emailed) by a concurrent attempt
  await logConnectionEvent(ctx, instructorId, "reconnect_needed", `Microsoft refused the stored sign-in: ${reason}`);
  const [instructor] = await ctx.db.select().from(instructors).where(eq(instructors.id, instructorId));
  if (!instructor) return;
  // The reconnect link goes where the connecting invitation went; if the instructor's address has
  // changed since, an admin must invite them afresh (the change already revoked the old links).
  const [connectedWith] = await ctx.db.select({ sentTo: invitations.sentTo }).from(invitations)
    .where(and(eq(invitations.instructorId, instructorId), isNotNull(invitations.usedAt))).orderBy(desc(invitations.usedAt)).limit(1);
  const issuedTo = connectedWith?.sentTo ?? instructor.email;
  if (issuedTo.toLowerCase() !== instructor.email.toLowerCase()) {
    await logConnectionEvent(ctx, instructorId, "reconnect_email_skipped", `No reconnect email: the address changed from ${issuedTo} since connecting; send a new invitation`);
    return;
  }
  await issueInvitation(ctx, instructor, { purpose: "reconnect" });
}

import { and, desc, eq, isNotNull } from "drizzle-orm";
import { calendarConnections, instructors, invitations } from "@/db/schema";
import { ConflictError, MicrosoftUnavailableError, NotFoundError, ReconnectRequiredError } from "@/lib/errors";
import type { ServiceContext } from "./context";
import { issueInvitation } from "./issue-invitation";
import { logConnectionEvent } from "./log-connection-event";

/**
 * An access token for an instructor's calendar. A refused grant marks the connection "Reconnect
 * needed" and emails them a reconnect link (once); a temporary failure only records the error.
 */
export async function microsoftAccessToken({ ctx, instructorId, forceRefresh = false }: {
  ctx: ServiceContext;
  instructorId: string;
  forceRefresh?: boolean;
}): Promise<string> {
  const [connection] = await ctx.db.select().from(calendarConnections).where(eq(calendarConnections.instructorId, instructorId));
  if (!connection || connection.status === "disconnected") throw new NotFoundError("Calendar connection", instructorId);
  if (connection.status === "reconnect_needed") throw new ReconnectRequiredError("The instructor must reconnect their calendar");
  if (!ctx.microsoft || !connection.homeAccountId) throw new ConflictError("Microsoft 365 sign-in is not configured on this server");
  try {
    const result = await ctx.microsoft.accessToken({ id: connection.id, homeAccountId: connection.homeAccountId }, { forceRefresh });
    return result.accessToken;
  } catch (error) {
    if (error instanceof ReconnectRequiredError) await markReconnectNeeded(ctx, instructorId, error.message);
    else if (error instanceof MicrosoftUnavailableError)
      await ctx.db.update(calendarConnections).set({ lastError: `Microsoft was unavailable: ${error.message}`, lastErrorAt: ctx.now() })
        .where(eq(calendarConnections.id, connection.id));
    throw error;
  }
}

export async function markReconnectNeeded(ctx: ServiceContext, instructorId: string, reason: string) {
  const now = ctx.now();
  const [changed] = await ctx.db.update(calendarConnections)
    .set({ status: "reconnect_needed", lastError: `Microsoft refused the stored sign-in: ${reason}`, lastErrorAt: now, updatedAt: now })
    .where(and(eq(calendarConnections.instructorId, instructorId), eq(calendarConnections.status, "connected")))
    .returning({ id: calendarConnections.id });
  if (!changed) return; // already marked (and emailed) by a concurrent attempt
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

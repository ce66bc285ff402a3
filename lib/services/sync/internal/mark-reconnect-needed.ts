import { and, desc, eq, isNotNull } from "drizzle-orm";
import { calendarConnections, instructors, invitations } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { issueInvitation } from "../../connect/internal/issue-invitation";
import { logConnectionEvent } from "../../internal/log-connection-event";
import { transitionConnection } from "../transition-connection";

/**
 * Microsoft wants the instructor to sign in again (the refused-grant rule said `reconnect_needed`; only
 * handleRefusedGrant calls this): the connection turns Reconnect needed (once, whoever else noticed at the
 * same time) and the instructor is emailed a reconnect link.
 */
export async function markReconnectNeeded({
  ctx,
  instructorId,
  reason,
}: {
  ctx: ServiceContext;
  instructorId: string;
  reason: string;
}) {
  const [current] = await ctx.db
    .select({ status: calendarConnections.status })
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructorId));
  if (current?.status === "reconnect_needed") return; // already marked (and emailed)
  const changed = await transitionConnection({ ctx, where: { instructorId }, event: { type: "grant_refused" } });
  if (!changed) return; // marked (and emailed) by a concurrent attempt
  await logConnectionEvent(ctx, instructorId, "reconnect_needed", `Microsoft refused the stored sign-in: ${reason}`);
  const [instructor] = await ctx.db.select().from(instructors).where(eq(instructors.id, instructorId));
  if (!instructor) return;
  // The reconnect link goes where the connecting invitation went; if the instructor's address has
  // changed since, an admin must invite them afresh (the change already revoked the old links).
  const [connectedWith] = await ctx.db
    .select({ sentTo: invitations.sentTo })
    .from(invitations)
    .where(and(eq(invitations.instructorId, instructorId), isNotNull(invitations.usedAt)))
    .orderBy(desc(invitations.usedAt))
    .limit(1);
  const issuedTo = connectedWith?.sentTo ?? instructor.email;
  if (issuedTo.toLowerCase() !== instructor.email.toLowerCase()) {
    await logConnectionEvent(
      ctx,
      instructorId,
      "reconnect_email_skipped",
      `No reconnect email: the address changed from ${issuedTo} since connecting; send a new invitation`,
    );
    return;
  }
  await issueInvitation(ctx, instructor, { purpose: "reconnect" });
}

import { eq, type SQL } from "drizzle-orm";
import { calendarConnections, instructors, invitations } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";

/** Finding an invitation and telling whether it still works (used, replaced or expired links do not). */
export type InvitationProblem = "unknown" | "used" | "replaced" | "expired";
export type OpenInvitation = {
  invitation: typeof invitations.$inferSelect;
  instructor: typeof instructors.$inferSelect;
  connection: typeof calendarConnections.$inferSelect | null;
};

export async function openInvitationById(ctx: ServiceContext, invitationId: string) {
  return checkInvitation(ctx, await findInvitation(ctx, eq(invitations.id, invitationId)));
}

export async function findInvitation(ctx: ServiceContext, where: SQL): Promise<OpenInvitation | undefined> {
  const [row] = await ctx.db
    .select({ invitation: invitations, instructor: instructors, connection: calendarConnections })
    .from(invitations)
    .innerJoin(instructors, eq(instructors.id, invitations.instructorId))
    .leftJoin(calendarConnections, eq(calendarConnections.instructorId, invitations.instructorId))
    .where(where);
  return row;
}

export function checkInvitation(ctx: ServiceContext, row: OpenInvitation | undefined) {
  if (!row) return { ok: false as const, reason: "unknown" as const };
  if (row.invitation.usedAt) return { ok: false as const, reason: "used" as const };
  if (row.invitation.revokedAt) return { ok: false as const, reason: "replaced" as const };
  if (row.invitation.expiresAt <= ctx.now()) return { ok: false as const, reason: "expired" as const };
  return { ok: true as const, value: row };
}

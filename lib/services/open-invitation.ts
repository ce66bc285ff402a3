import { eq, type SQL } from "drizzle-orm";
import { calendarConnections, instructors, invitations } from "@/db/schema";
import { hashToken } from "@/lib/connect/secret-tokens";
import type { ServiceContext } from "@/lib/context/service-context";

export type InvitationProblem = "unknown" | "used" | "replaced" | "expired";
export type OpenInvitation = {
  invitation: typeof invitations.$inferSelect;
  instructor: typeof instructors.$inferSelect;
  connection: typeof calendarConnections.$inferSelect | null;
};

/** The invitation a link names, if it still works; otherwise why not. */
export async function openInvitation(
  ctx: ServiceContext,
  token: string,
): Promise<{ ok: true; value: OpenInvitation } | { ok: false; reason: InvitationProblem }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: "unknown" };
  return checkInvitation(ctx, await findInvitation(ctx, eq(invitations.tokenHash, hashToken(token))));
}

export async function openInvitationById(ctx: ServiceContext, invitationId: string) {
  return checkInvitation(ctx, await findInvitation(ctx, eq(invitations.id, invitationId)));
}

async function findInvitation(ctx: ServiceContext, where: SQL): Promise<OpenInvitation | undefined> {
  const [row] = await ctx.db
    .select({ invitation: invitations, instructor: instructors, connection: calendarConnections })
    .from(invitations)
    .innerJoin(instructors, eq(instructors.id, invitations.instructorId))
    .leftJoin(calendarConnections, eq(calendarConnections.instructorId, invitations.instructorId))
    .where(where);
  return row;
}

function checkInvitation(ctx: ServiceContext, row: OpenInvitation | undefined) {
  if (!row) return { ok: false as const, reason: "unknown" as const };
  if (row.invitation.usedAt) return { ok: false as const, reason: "used" as const };
  if (row.invitation.revokedAt) return { ok: false as const, reason: "replaced" as const };
  if (row.invitation.expiresAt <= ctx.now()) return { ok: false as const, reason: "expired" as const };
  return { ok: true as const, value: row };
}

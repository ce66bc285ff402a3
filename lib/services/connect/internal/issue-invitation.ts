import { and, eq, isNull } from "drizzle-orm";
import { DateTime } from "luxon";
import { createElement } from "react";
import { adminUsers, invitations } from "@/db/schema";
import type { InstructorRow } from "@/db/queries/instructors";
import { FinishRemovalEmail } from "@/emails/finish-removal-email";
import { InvitationEmail } from "@/emails/invitation-email";
import { seal } from "@/lib/crypto/encrypt";
import { hashToken, randomToken } from "@/lib/connect/secret-tokens";
import type { ServiceContext } from "@/lib/context/service-context";
import { deliverEmail } from "../../internal/deliver-email";
import { logConnectionEvent } from "../../internal/log-connection-event";

export const invitationTokenContext = (invitationId: string) => `invitation:${invitationId}`;

export function connectUrl(ctx: ServiceContext, token: string) {
  return `${ctx.config.appUrl}/connect/${token}`;
}

export function formatExpiry(expiresAt: Date, timeZone: string) {
  return DateTime.fromJSDate(expiresAt, { zone: timeZone }).toFormat("cccc d LLLL yyyy");
}

/**
 * Issues a fresh single-use link and emails it. Any earlier open link for the instructor stops
 * working, so only the newest email ever connects.
 */
export async function issueInvitation(
  ctx: ServiceContext,
  instructor: InstructorRow,
  options: {
    purpose: "invite" | "reconnect" | "finish_removal";
    createdById?: string | null;
    /** finish_removal: how many of our entries are left in Outlook, for the email. */
    leftovers?: number;
  },
) {
  const now = ctx.now();
  await ctx.db
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.instructorId, instructor.id), isNull(invitations.usedAt), isNull(invitations.revokedAt)));

  const token = randomToken();
  const id = crypto.randomUUID();
  const sealed = seal(ctx.secrets.tokenKeyRing(), token, invitationTokenContext(id));
  const expiresAt = DateTime.fromJSDate(now).plus({ days: ctx.config.invitationTtlDays }).toJSDate();
  await ctx.db.insert(invitations).values({
    id,
    instructorId: instructor.id,
    tokenHash: hashToken(token),
    tokenKeyId: sealed.keyId,
    tokenCiphertext: sealed.ciphertext,
    purpose: options.purpose,
    sentTo: instructor.email,
    createdById: options.createdById ?? null,
    createdAt: now,
    expiresAt,
  });

  const expiresOn = formatExpiry(expiresAt, instructor.timeZone);
  if (options.purpose === "finish_removal") {
    await deliverEmail(ctx, {
      kind: "finish_removal",
      instructorId: instructor.id,
      to: instructor.email,
      subject: "Sign in once to remove our entries from your Outlook calendar",
      body: createElement(FinishRemovalEmail, {
        instructorName: instructor.name,
        connectUrl: connectUrl(ctx, token),
        leftovers: options.leftovers ?? 0,
        expiresOn,
      }),
    });
    await logConnectionEvent(
      ctx,
      instructor.id,
      "finish_removal_email",
      `Finish-removal link sent to ${instructor.email}`,
    );
    return { invitationId: id, token, expiresAt };
  }
  const reconnect = options.purpose === "reconnect";
  await deliverEmail(ctx, {
    kind: reconnect ? "reconnect" : "invitation",
    instructorId: instructor.id,
    to: instructor.email,
    subject: reconnect
      ? "Action needed: reconnect your Outlook calendar"
      : "Connect your Outlook calendar to the training platform",
    body: createElement(InvitationEmail, {
      instructorName: instructor.name,
      connectUrl: connectUrl(ctx, token),
      expiresOn,
      reconnect,
      invitedBy: await adminName(ctx, options.createdById),
    }),
  });
  await logConnectionEvent(
    ctx,
    instructor.id,
    reconnect ? "reconnect_email" : "invited",
    `${reconnect ? "Reconnect email" : "Invitation"} sent to ${instructor.email}`,
  );
  return { invitationId: id, token, expiresAt };
}

/** Who sent an invitation, for the email: the instructor should know whom it comes from. */
export async function adminName(ctx: ServiceContext, adminId: string | null | undefined): Promise<string | null> {
  if (!adminId) return null;
  const [admin] = await ctx.db
    .select({ name: adminUsers.name })
    .from(adminUsers)
    .where(eq(adminUsers.id, adminId))
    .limit(1);
  return admin?.name ?? null;
}

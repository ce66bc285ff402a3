import { and, eq, isNull } from "drizzle-orm";
import { DateTime } from "luxon";
import { createElement } from "react";
import { invitations } from "@/db/schema";
import type { InstructorRow } from "@/db/queries/instructors";
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
  options: { purpose: "invite" | "reconnect"; createdById?: string | null },
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
      expiresOn: formatExpiry(expiresAt, instructor.timeZone),
      reconnect,
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

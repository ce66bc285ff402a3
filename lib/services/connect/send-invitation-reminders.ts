import { and, eq, gt, isNull, lte, notInArray, or } from "drizzle-orm";
import { DateTime } from "luxon";
import { createElement } from "react";
import { calendarConnections, instructors, invitations } from "@/db/schema";
import { InvitationEmail } from "@/emails/invitation-email";
import { DecryptionError, open } from "@/lib/crypto/encrypt";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { deliverEmail } from "../internal/deliver-email";
import { adminName, connectUrl, formatExpiry, invitationTokenContext } from "./internal/issue-invitation";
import { logConnectionEvent } from "../internal/log-connection-event";

/**
 * One reminder per invitation, once it has gone unanswered for INVITATION_REMINDER_AFTER_DAYS and
 * while it still works; it repeats the same link, to the address it was first sent to and only
 * while that is still the instructor's (an email change revokes the invitation anyway). Safe to run
 * as often as the scheduler likes.
 */
export async function sendInvitationReminders({ ctx }: { ctx: ServiceContext }): Promise<{ reminded: number }> {
  const now = ctx.now();
  const dueBefore = DateTime.fromJSDate(now).minus({ days: ctx.config.invitationReminderAfterDays }).toJSDate();
  const due = await ctx.db
    .select({ invitation: invitations, instructor: instructors })
    .from(invitations)
    .innerJoin(instructors, eq(instructors.id, invitations.instructorId))
    .leftJoin(calendarConnections, eq(calendarConnections.instructorId, invitations.instructorId))
    .where(
      and(
        eq(invitations.purpose, "invite"),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        isNull(invitations.reminderSentAt),
        lte(invitations.createdAt, dueBefore),
        gt(invitations.expiresAt, now),
        or(isNull(calendarConnections.status), notInArray(calendarConnections.status, ["connected", "syncing"])),
      ),
    );
  let reminded = 0;
  for (const { invitation, instructor } of due) {
    const to = invitation.sentTo ?? instructor.email;
    if (to.toLowerCase() !== instructor.email.toLowerCase()) continue;
    // Claimed, sent and recorded in one transaction: two schedulers running at once send one reminder
    // (the second waits on the row, then finds it claimed), and a send that fails or a process that dies
    // before the commit leaves the invitation unclaimed for the retry, so no reminder is lost.
    const outcome = await inTransaction(ctx, async (tx) => {
      const [claimed] = await tx.db
        .update(invitations)
        .set({ reminderSentAt: now })
        .where(and(eq(invitations.id, invitation.id), isNull(invitations.reminderSentAt)))
        .returning({ id: invitations.id });
      if (!claimed) return "taken";
      const token = openInvitationToken(tx, invitation);
      if (token === null) {
        // Its key is gone from the ring (rotated out too early): one bad row must not stop everyone's
        // reminders. Claimed, so it is reported once; the admin sends a new invitation.
        await logConnectionEvent(
          tx,
          instructor.id,
          "reminder_skipped",
          "No reminder: the invitation link can no longer be read with the current token keys; send a new invitation",
        );
        return "skipped";
      }
      await deliverEmail(tx, {
        kind: "invitation_reminder",
        instructorId: instructor.id,
        to,
        subject: "Reminder: connect your Outlook calendar",
        body: createElement(InvitationEmail, {
          instructorName: instructor.name,
          connectUrl: connectUrl(tx, token),
          expiresOn: formatExpiry(invitation.expiresAt, instructor.timeZone),
          reminder: true,
          invitedBy: await adminName(tx, invitation.createdById),
        }),
      });
      await logConnectionEvent(tx, instructor.id, "reminder", `Reminder sent to ${to}`);
      return "sent";
    });
    if (outcome !== "sent") continue;
    reminded++;
  }
  return { reminded };
}

function openInvitationToken(ctx: ServiceContext, invitation: typeof invitations.$inferSelect): string | null {
  try {
    return open(
      ctx.secrets.tokenKeyRing(),
      { keyId: invitation.tokenKeyId, ciphertext: invitation.tokenCiphertext },
      invitationTokenContext(invitation.id),
    );
  } catch (error) {
    if (error instanceof DecryptionError) return null;
    throw error;
  }
}

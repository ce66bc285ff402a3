import { createElement } from "react";
import { getInstructorConnection } from "@/db/queries/instructor-connection";
import { ConnectionChangedEmail } from "@/emails/connection-changed-email";
import { ForbiddenError } from "@/lib/errors";
import { privacyModes } from "@/lib/connect/what-is-shared";
import type { ServiceContext } from "@/lib/context/service-context";
import { connectionPageUrl, instructorFromConnectionLink } from "./connection-link";
import { deliverEmail } from "./deliver-email";
import { disconnectCalendar, setPrivacyMode } from "./manage-connection";

/**
 * Changes made with an instructor's "manage your connection" link. The link is the only credential,
 * so each change is confirmed by email to the instructor: whoever else holds the link cannot act
 * unnoticed.
 */
async function verifiedInstructor(ctx: ServiceContext, link: string) {
  const verified = await instructorFromConnectionLink(ctx, link);
  if (!verified.ok) throw new ForbiddenError("This link is not valid any more");
  const row = await getInstructorConnection(ctx.db, verified.instructorId);
  if (!row) throw new ForbiddenError("This link is not valid any more");
  return row;
}

export async function changePrivacyThroughLink({ ctx, link, input }: { ctx: ServiceContext; link: string; input: unknown }) {
  const { instructor, connection } = await verifiedInstructor(ctx, link);
  const { privacyMode } = await setPrivacyMode({ ctx, instructorId: instructor.id, input });
  await deliverEmail(ctx, {
    kind: "connection_changed",
    instructorId: instructor.id,
    to: instructor.email,
    subject: "Your calendar privacy mode was changed",
    body: createElement(ConnectionChangedEmail, {
      change: "privacy",
      instructorName: instructor.name,
      privacyModeLabel: privacyModes[privacyMode].label,
      manageUrl: connectionPageUrl(ctx, instructor.id, connection.manageLinkVersion),
    }),
  });
  return { privacyMode };
}

export async function disconnectThroughLink({ ctx, link }: { ctx: ServiceContext; link: string }) {
  const { instructor } = await verifiedInstructor(ctx, link);
  await disconnectCalendar({ ctx, instructorId: instructor.id, by: "instructor" });
  await deliverEmail(ctx, {
    kind: "connection_changed",
    instructorId: instructor.id,
    to: instructor.email,
    subject: "Your Outlook calendar was disconnected",
    body: createElement(ConnectionChangedEmail, { change: "disconnected", instructorName: instructor.name }),
  });
}

import { createElement } from "react";
import { ConnectionChangedEmail } from "@/emails/connection-changed-email";
import { privacyModes } from "@/lib/connect/what-is-shared";
import type { ServiceContext } from "@/lib/context/service-context";
import { deliverEmail } from "../internal/deliver-email";
import { connectionPageUrl } from "./internal/connection-link";
import { verifiedLinkInstructor } from "./internal/verified-link-instructor";
import { setPrivacyMode } from "./set-privacy-mode";

/** The instructor changed their privacy mode through their manage link; they are told by email. */
export async function changePrivacyThroughLink({
  ctx,
  link,
  input,
}: {
  ctx: ServiceContext;
  link: string;
  input: unknown;
}) {
  const { instructor, connection } = await verifiedLinkInstructor(ctx, link);
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

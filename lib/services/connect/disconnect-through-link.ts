import { createElement } from "react";
import { ConnectionChangedEmail } from "@/emails/connection-changed-email";
import type { ServiceContext } from "@/lib/context/service-context";
import { deliverEmail } from "../internal/deliver-email";
import { disconnectCalendar } from "./disconnect-calendar";
import { verifiedLinkInstructor } from "./internal/verified-link-instructor";

/** The instructor disconnected through their manage link; they are told by email. */
export async function disconnectThroughLink({ ctx, link }: { ctx: ServiceContext; link: string }) {
  const { instructor } = await verifiedLinkInstructor(ctx, link);
  await disconnectCalendar({ ctx, instructorId: instructor.id, by: "instructor" });
  await deliverEmail(ctx, {
    kind: "connection_changed",
    instructorId: instructor.id,
    to: instructor.email,
    subject: "Your Outlook calendar was disconnected",
    body: createElement(ConnectionChangedEmail, { change: "disconnected", instructorName: instructor.name }),
  });
}

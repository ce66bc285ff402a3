import type { InvitationProblem } from "@/lib/services/connect/open-invitation";
import { StatusIcon } from "@/components/connect/status-icon";

const explanations: Record<InvitationProblem, { title: string; body: string }> = {
  unknown: {
    title: "This link is not valid",
    body: "We could not find an invitation for this link. Check that you copied the whole address from the email.",
  },
  used: {
    title: "This link has already been used",
    body: "Each invitation link works once, and this one already connected a calendar. To change your connection, use the “Manage your connection” link from your confirmation.",
  },
  replaced: {
    title: "This link was replaced by a newer one",
    body: "Your training coordinator sent you a newer invitation. Please use the link in the most recent email.",
  },
  expired: {
    title: "This link has expired",
    body: "Invitation links work for a limited time, and this one has run out.",
  },
};

export function LinkUnavailable({ reason }: { reason: InvitationProblem }) {
  const { title, body } = explanations[reason];
  return (
    <section>
      <StatusIcon tone="info" />
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <strong>Ask your training coordinator to send you a new invitation</strong>; it arrives by email within a
        minute.
      </p>
    </section>
  );
}

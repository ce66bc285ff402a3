import { LinkUnavailable } from "@/components/connect/link-unavailable";
import type { InvitationProblem } from "@/lib/services/connect/open-invitation";

const reasons = new Set<InvitationProblem>(["unknown", "used", "replaced", "expired"]);

export const metadata = { title: "Invitation link unavailable" };

export default async function UnavailablePage({ params }: { params: Promise<{ reason: string }> }) {
  const { reason } = await params;
  return (
    <LinkUnavailable reason={reasons.has(reason as InvitationProblem) ? (reason as InvitationProblem) : "unknown"} />
  );
}

/** The status an admin sees for an instructor in Control Panel › Calendar Integration. */
export const integrationStatuses = ["not_invited", "invited", "invitation_expired", "connected", "reconnect_needed", "disconnected"] as const;
export type IntegrationStatus = (typeof integrationStatuses)[number];

export const integrationStatusLabels: Record<IntegrationStatus, string> = {
  not_invited: "Not invited",
  invited: "Invited",
  invitation_expired: "Invitation expired",
  connected: "Connected",
  reconnect_needed: "Reconnect needed",
  disconnected: "Disconnected",
};

type ConnectionFacts = { status: "connected" | "reconnect_needed" | "disconnected" } | null;
type InvitationFacts = { expiresAt: Date; usedAt: Date | null; revokedAt: Date | null } | null;

/**
 * A live connection outranks any invitation; an open invitation (sent, not used or replaced)
 * outranks a past disconnection, so re-inviting someone shows "Invited" again.
 */
export function integrationStatus(connection: ConnectionFacts, latestInvitation: InvitationFacts, now: Date): IntegrationStatus {
  if (connection?.status === "connected") return "connected";
  if (connection?.status === "reconnect_needed") return "reconnect_needed";
  if (latestInvitation && !latestInvitation.usedAt && !latestInvitation.revokedAt)
    return latestInvitation.expiresAt <= now ? "invitation_expired" : "invited";
  if (connection?.status === "disconnected") return "disconnected";
  return "not_invited";
}

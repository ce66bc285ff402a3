import { isDisconnected, isLive, type ConnectionStatus } from "@/lib/sync/connection-state";

/** The status an admin sees for an instructor in Control Panel › Calendar Integration. */
export const integrationStatuses = [
  "not_invited",
  "invited",
  "invitation_expired",
  "connected",
  "reconnect_needed",
  "disconnected",
] as const;
export type IntegrationStatus = (typeof integrationStatuses)[number];

export const integrationStatusLabels: Record<IntegrationStatus, string> = {
  not_invited: "Not invited",
  invited: "Invited",
  invitation_expired: "Invitation expired",
  connected: "Connected",
  reconnect_needed: "Reconnect needed",
  disconnected: "Disconnected",
};

type ConnectionFacts = { status: ConnectionStatus } | null;
type InvitationFacts = { expiresAt: Date; usedAt: Date | null; revokedAt: Date | null } | null;

/**
 * A live connection outranks any invitation; an open invitation (sent, not used or replaced)
 * outranks a past disconnection, so re-inviting someone shows "Invited" again. Syncing is
 * "Connected" to an admin, and a disconnection in progress is already "Disconnected".
 */
export function integrationStatus(
  connection: ConnectionFacts,
  latestInvitation: InvitationFacts,
  now: Date,
): IntegrationStatus {
  if (isLive(connection?.status)) return "connected";
  if (connection?.status === "reconnect_needed") return "reconnect_needed";
  if (latestInvitation && !latestInvitation.usedAt && !latestInvitation.revokedAt)
    return latestInvitation.expiresAt <= now ? "invitation_expired" : "invited";
  if (isDisconnected(connection?.status)) return "disconnected";
  return "not_invited";
}

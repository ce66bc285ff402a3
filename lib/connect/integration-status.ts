import { isDisconnected, isLive, type ConnectionStatus, type DisconnectRequester } from "@/lib/sync/connection-state";

/** The status an admin sees for an instructor in Control Panel › Calendar Integration. */
export const integrationStatuses = [
  "not_invited",
  "invited",
  "waiting_for_approval",
  "invitation_expired",
  "connected",
  "reconnect_needed",
  "disconnected",
  "disconnected_by_instructor",
] as const;
export type IntegrationStatus = (typeof integrationStatuses)[number];

export const integrationStatusLabels: Record<IntegrationStatus, string> = {
  not_invited: "Not invited",
  invited: "Invited",
  waiting_for_approval: "Waiting for admin approval",
  invitation_expired: "Invitation expired",
  connected: "Connected",
  reconnect_needed: "Reconnect needed",
  disconnected: "Disconnected",
  disconnected_by_instructor: "Disconnected by instructor",
};

type ConnectionFacts = { status: ConnectionStatus; disconnectRequestedBy?: DisconnectRequester | null } | null;
type InvitationFacts = {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  /** A finish-removal link does not connect anything: it never makes the instructor "Invited". */
  purpose?: "invite" | "reconnect" | "finish_removal";
} | null;

/**
 * A live connection outranks any invitation; an open invitation (sent, not used or replaced)
 * outranks a past disconnection (while their organisation's approval is outstanding it waits for that), so re-inviting someone shows "Invited" again (a finish-removal link is
 * not an invitation). Syncing is "Connected" to an admin, and a disconnection in progress is already
 * "Disconnected"; one the instructor made (or made by revoking the app) is "Disconnected by instructor", in
 * progress too (its recorded requester), so a removal that failed and waits for a restart says whose it is.
 */
export function integrationStatus(
  connection: ConnectionFacts,
  latestInvitation: InvitationFacts,
  now: Date,
  /** Their organisation stopped them at Microsoft's "Need admin approval" and has not approved since. */
  tenant: { tenantNeedsApproval: boolean } = { tenantNeedsApproval: false },
): IntegrationStatus {
  if (isLive(connection?.status)) return "connected";
  if (connection?.status === "reconnect_needed") return "reconnect_needed";
  if (
    latestInvitation &&
    latestInvitation.purpose !== "finish_removal" &&
    !latestInvitation.usedAt &&
    !latestInvitation.revokedAt
  )
    return latestInvitation.expiresAt <= now
      ? "invitation_expired"
      : tenant.tenantNeedsApproval
        ? "waiting_for_approval"
        : "invited";
  if (
    connection?.status === "disconnected_by_instructor" ||
    (connection?.status === "disconnecting" && connection.disconnectRequestedBy === "instructor")
  )
    return "disconnected_by_instructor";
  if (isDisconnected(connection?.status)) return "disconnected";
  return "not_invited";
}

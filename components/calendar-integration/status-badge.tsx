import { integrationStatusLabels, type IntegrationStatus } from "@/lib/connect/integration-status";

const tone: Record<IntegrationStatus, string> = {
  not_invited: "draft",
  invited: "info",
  invitation_expired: "warn",
  connected: "active",
  reconnect_needed: "cancelled",
  disconnected: "draft",
  disconnected_by_instructor: "warn",
};

export function StatusBadge({ status }: { status: IntegrationStatus }) {
  return (
    <span className={`badge ${tone[status]}`} data-status={status}>
      {integrationStatusLabels[status]}
    </span>
  );
}

import { getInstructorConnection } from "@/db/queries/instructor-connection";
import { appContext } from "@/lib/context/app-context";
import { instructorFromConnectionLink } from "@/lib/services/connect/instructor-from-connection-link";
import { formatDateTime } from "@/lib/time/format";
import { isDisconnected, type ConnectionStatus } from "@/lib/sync/connection-state";
import { LinkUnavailable } from "@/components/connect/link-unavailable";
import { ConnectionSettings } from "@/components/connect/connection-settings";
import { disconnectAction, setPrivacyModeAction } from "./actions";

const statusText: Record<ConnectionStatus, string> = {
  connected: "Connected",
  syncing: "Connected",
  reconnect_needed: "Reconnect needed",
  disconnecting: "Disconnected",
  disconnected: "Disconnected",
  disconnected_by_instructor: "Disconnected",
};

export default async function ConnectionPage({ params }: { params: Promise<{ link: string }> }) {
  const { link } = await params;
  const ctx = await appContext();
  const verified = await instructorFromConnectionLink({ ctx, link });
  if (!verified.ok) return <LinkUnavailable reason={verified.reason === "expired" ? "expired" : "unknown"} />;
  const row = await getInstructorConnection(ctx.db, verified.instructorId);
  if (!row) return <LinkUnavailable reason="unknown" />;
  const { connection, instructor, sync } = row;
  const zone = instructor.timeZone;
  return (
    <section>
      <h1>Your calendar connection</h1>
      <div className="kv" style={{ margin: "16px 0 24px" }} data-testid="connection-summary">
        <span className="muted">Status</span>
        <strong data-testid="connection-status">{statusText[connection.status]}</strong>
        <span className="muted">Microsoft account</span>
        <span>{connection.microsoftUsername ?? "—"}</span>
        <span className="muted">Connected</span>
        <span>{connection.connectedAt ? formatDateTime(connection.connectedAt, zone) : "—"}</span>
        <span className="muted">Last sync</span>
        <span>{sync.lastSyncAt ? formatDateTime(sync.lastSyncAt, zone) : "Not yet"}</span>
      </div>
      {connection.status === "reconnect_needed" && (
        <p className="alert">
          Microsoft no longer accepts the permission you gave. Use the link in the reconnect email we sent you.
        </p>
      )}
      <ConnectionSettings
        privacyMode={connection.privacyMode}
        connected={!isDisconnected(connection.status)}
        savePrivacy={setPrivacyModeAction.bind(null, link)}
        disconnect={disconnectAction.bind(null, link)}
      />
    </section>
  );
}

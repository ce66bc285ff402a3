import { getDb } from "@/db/client";
import { listApiKeys } from "@/db/queries/api-keys";
import { requireAdmin } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/time/format";
import { ApiKeyForm } from "@/components/settings/api-key-form";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata = { title: "API keys" };

const when = (d: Date | null) => (d ? formatDateTime(d, "UTC") : "—");

function KeyStatus({ revokedAt, expiresAt, now }: { revokedAt: Date | null; expiresAt: Date | null; now: Date }) {
  if (revokedAt) return <span className="badge cancelled">Revoked</span>;
  if (expiresAt && expiresAt <= now) return <span className="badge cancelled">Expired</span>;
  return <span className="badge active">Active</span>;
}

export default async function ApiKeysPage() {
  const admin = await requireAdmin();
  const keys = await listApiKeys(await getDb());
  const now = new Date();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>API keys</h1>
          <p className="muted">
            Integrations call <code>/api/v1</code> with <code>Authorization: Bearer &lt;key&gt;</code>. See the{" "}
            <a href="/api/v1/openapi.json">OpenAPI document</a>.
          </p>
        </div>
      </div>
      {admin.role === "owner" ? (
        <section className="panel">
          <h2>Create a key</h2>
          <ApiKeyForm action={createApiKeyAction} />
        </section>
      ) : (
        <p className="notice">Only an owner can create or revoke keys.</p>
      )}
      <table className="data">
        <thead>
          <tr>
            <th>Name</th>
            <th>Key</th>
            <th>Access</th>
            <th>Created</th>
            <th>Expires</th>
            <th>Last used</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                No keys yet.
              </td>
            </tr>
          )}
          {keys.map((k) => (
            <tr key={k.id} data-testid="api-key-row" data-key-id={k.id}>
              <td>{k.name}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>{k.scope === "read" ? "Read only" : "Read and write"}</td>
              <td>{when(k.createdAt)}</td>
              <td>{k.expiresAt ? when(k.expiresAt) : "Never"}</td>
              <td>{when(k.lastUsedAt)}</td>
              <td>
                <KeyStatus revokedAt={k.revokedAt} expiresAt={k.expiresAt} now={now} />
              </td>
              <td>
                {!k.revokedAt && admin.role === "owner" && (
                  <form action={revokeApiKeyAction.bind(null, k.id)}>
                    <button type="submit" className="danger">
                      Revoke
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

import Link from "next/link";
import { getDb } from "@/db/client";
import { listMicrosoftTenants } from "@/db/queries/microsoft-tenants";
import { requireAdmin } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/time/format";
import { AdminConsentUrlForm } from "@/components/calendar-integration/admin-consent-url-form";
import { adminConsentUrlAction } from "./actions";

export const metadata = { title: "Microsoft tenants" };

const when = (d: Date | null) => (d ? formatDateTime(d, "UTC") : "—");

export default async function TenantsPage() {
  await requireAdmin();
  const tenants = await listMicrosoftTenants(await getDb());
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/control-panel/calendar-integration">Calendar Integration</Link> /
          </p>
          <h1>Microsoft tenants</h1>
          <p className="muted">
            Organisations whose instructors connect calendars. Some let only administrators approve new apps: send their
            IT a consent link.
          </p>
        </div>
      </div>
      <section className="panel">
        <h2>Admin consent link for any organisation</h2>
        <AdminConsentUrlForm action={adminConsentUrlAction} />
      </section>
      <table className="data" data-testid="tenants-table">
        <thead>
          <tr>
            <th>Tenant</th>
            <th>Domain</th>
            <th>Consent status</th>
            <th>Approval needed since</th>
            <th>Admin consented</th>
            <th>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {tenants.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No tenants yet. They appear when instructors sign in.
              </td>
            </tr>
          )}
          {tenants.map((t) => (
            <tr key={t.tenantId}>
              <td>
                <code>{t.tenantId}</code>
              </td>
              <td>{t.domain ?? "—"}</td>
              <td>
                {t.adminConsentedAt ? (
                  <span className="badge active">Approved by an admin</span>
                ) : t.adminApprovalRequiredAt ? (
                  <span className="badge warn">Needs admin approval</span>
                ) : (
                  <span className="badge draft">No admin approval recorded</span>
                )}
              </td>
              <td>{when(t.adminApprovalRequiredAt)}</td>
              <td>{when(t.adminConsentedAt)}</td>
              <td>{when(t.lastSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

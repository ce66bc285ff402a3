import Link from "next/link";
import { getDb } from "@/db/client";
import { tenantOverview } from "@/db/queries/tenant-overview";
import { requireAdmin } from "@/lib/auth/guards";
import { tenantStateLabels, type TenantState } from "@/lib/connect/tenant-state";
import { formatDateTime } from "@/lib/time/format";
import { AdminConsentUrlForm } from "@/components/calendar-integration/admin-consent-url-form";
import { adminConsentUrlAction } from "./actions";
import { adminZone } from "../../../admin-zone";

export const metadata = { title: "Microsoft tenants" };

const tone: Record<TenantState, string> = { blocked: "warn", approved: "active", needs_nothing: "draft" };

export default async function TenantsPage() {
  await requireAdmin();
  const [tenants, zone] = await Promise.all([tenantOverview(await getDb()), adminZone()]);
  const shownZone = zone ?? "UTC";
  const when = (d: Date | null) => (d ? formatDateTime(d, shownZone) : "—");
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
      <p className="muted small">Times in {shownZone}</p>
      <table className="data" data-testid="tenants-table">
        <thead>
          <tr>
            <th>Organisation</th>
            <th>State</th>
            <th className="numeric">Connected</th>
            <th className="numeric">Blocked</th>
            <th>Approval needed since</th>
            <th>Approved</th>
            <th>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {tenants.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                No tenants yet. They appear when instructors sign in.
              </td>
            </tr>
          )}
          {tenants.map((t) => (
            <tr key={t.tenantId} data-testid="tenant-row" data-state={t.state}>
              <td>
                <strong>{t.name}</strong>
                {t.tenantId !== t.name && (
                  <div className="muted small">
                    <code>{t.tenantId}</code>
                  </div>
                )}
              </td>
              <td>
                <span className={`badge ${tone[t.state]}`}>{tenantStateLabels[t.state]}</span>
              </td>
              <td className="numeric">{t.connected}</td>
              <td className="numeric">{t.state === "blocked" ? t.blocked : "—"}</td>
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

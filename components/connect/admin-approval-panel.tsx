import { AdminConsentLink } from "./admin-consent-link";

/**
 * What to send IT: the tenant's admin-consent URL (made on request), and a button for when the
 * person at the screen is the administrator. Approving once covers every instructor in that organisation.
 */
export function AdminApprovalPanel({
  token,
  domain,
  getConsentLink,
}: {
  token: string;
  domain: string;
  getConsentLink: () => Promise<{ url: string } | { error: string }>;
}) {
  return (
    <section className="panel" style={{ marginTop: 16 }}>
      <h2>Send this link to your IT administrator</h2>
      <p>
        An administrator of <strong>{domain}</strong> can approve Calendar Sync for everyone in your organisation by
        opening this link and signing in. It asks for the same permissions you saw: sign in and read your profile, and
        access to calendars.
      </p>
      <AdminConsentLink getLink={getConsentLink} />
      <form method="post" action={`/connect/${token}/admin-consent`}>
        <p className="muted">Are you an administrator of {domain}?</p>
        <button type="submit" className="secondary">
          I am an administrator
        </button>
      </form>
    </section>
  );
}

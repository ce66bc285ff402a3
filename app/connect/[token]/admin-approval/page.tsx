import Link from "next/link";
import { appContext } from "@/lib/context/app-context";
import { adminApprovalFacts } from "@/lib/services/connect/admin-approval-facts";
import { adminConsentLinkAction } from "../actions";
import { AdminApprovalPanel } from "@/components/connect/admin-approval-panel";
import { LinkUnavailable } from "@/components/connect/link-unavailable";
import { StatusIcon } from "@/components/connect/status-icon";

export const metadata = { title: "Your organisation needs to approve Calendar Sync" };

export default async function AdminApprovalPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const approval = await adminApprovalFacts({ ctx: await appContext(), token });
  if (!approval.ok) return <LinkUnavailable reason={approval.reason} />;
  return (
    <section>
      <StatusIcon tone="warn" />
      <h1>Your organisation needs to approve Calendar Sync first</h1>
      <p>
        Microsoft told us that in <strong>{approval.domain}</strong> only an administrator can allow new apps to access
        calendars. Nothing was connected and nothing was shared.
      </p>
      <AdminApprovalPanel
        token={token}
        domain={approval.domain}
        getConsentLink={adminConsentLinkAction.bind(null, token)}
      />
      <p>Once your administrator has approved it, come back here and try again. You do not need a new invitation.</p>
      <p>
        <Link className="button" href={`/connect/${token}`}>
          Try again
        </Link>
      </p>
    </section>
  );
}

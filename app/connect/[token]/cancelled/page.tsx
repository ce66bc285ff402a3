import Link from "next/link";
import { appContext } from "@/lib/context/app-context";
import { adminApprovalFacts } from "@/lib/services/connect/admin-approval-facts";
import { adminConsentLinkAction } from "../actions";
import { AdminApprovalPanel } from "@/components/connect/admin-approval-panel";
import { LinkUnavailable } from "@/components/connect/link-unavailable";

export const metadata = { title: "Nothing was connected" };

export default async function CancelledPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const approval = await adminApprovalFacts({ ctx: await appContext(), token });
  if (!approval.ok) return <LinkUnavailable reason={approval.reason} />;
  return (
    <section>
      <h1>Nothing was connected</h1>
      <p>The Microsoft sign-in ended without permission for Calendar Sync, so nothing from your calendar was shared.</p>
      <p>
        <Link className="button" href={`/connect/${token}`}>
          Try again
        </Link>
      </p>
      <h2 style={{ marginTop: 24 }}>Did Microsoft say “Need admin approval”?</h2>
      <p>
        Then your organisation lets only administrators approve new apps. Once an administrator approves Calendar Sync,
        try again.
      </p>
      <AdminApprovalPanel
        token={token}
        domain={approval.domain}
        getConsentLink={adminConsentLinkAction.bind(null, token)}
      />
    </section>
  );
}

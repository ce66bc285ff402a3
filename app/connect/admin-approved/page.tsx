import Link from "next/link";
import { StatusIcon } from "@/components/connect/status-icon";
import { adminConsentMessages, messageFor, safeConnectPath } from "@/lib/connect/public-messages";

export const metadata = { title: "Administrator approval" };

export default async function AdminApprovedPage({
  searchParams,
}: {
  searchParams: Promise<{ outcome?: string; tenant?: string; code?: string; continue?: string }>;
}) {
  const { outcome, tenant, code, continue: next } = await searchParams;
  const safeNext = safeConnectPath(next);
  const safeTenant = tenant && /^[0-9a-f-]{36}$/i.test(tenant) ? tenant : undefined;
  if (outcome === "granted") {
    return (
      <section>
        <StatusIcon tone="ok" />
        <h1>Calendar Sync is approved for your organisation</h1>
        <p>
          Thank you. Everyone in your organisation{safeTenant ? ` (tenant ${safeTenant})` : ""} can now connect their
          calendar without asking again.
        </p>
        {safeNext ? (
          <p>
            <Link className="button" href={safeNext}>
              Continue connecting your calendar
            </Link>
          </p>
        ) : (
          <p>Let the instructor who asked you know: they can now open their invitation link again and connect.</p>
        )}
      </section>
    );
  }
  return (
    <section>
      <h1>{outcome === "declined" ? "Approval was not given" : "Approval did not complete"}</h1>
      <p>{messageFor(adminConsentMessages, code) ?? adminConsentMessages.not_confirmed}</p>
      <p>
        Nothing was changed.{" "}
        {safeNext ? (
          <Link href={safeNext}>Go back to the invitation</Link>
        ) : (
          "You can open the approval link again at any time."
        )}
      </p>
    </section>
  );
}

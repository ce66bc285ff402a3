import Link from "next/link";
import { StatusIcon } from "@/components/connect/status-icon";

export const metadata = { title: "Administrator approval" };

export default async function AdminApprovedPage({ searchParams }: {
  searchParams: Promise<{ outcome?: string; tenant?: string; message?: string; continue?: string }>;
}) {
  const { outcome, tenant, message, continue: next } = await searchParams;
  const safeNext = next?.startsWith("/connect/") ? next : undefined;
  if (outcome === "granted") {
    return (
      <section>
        <StatusIcon tone="ok" />
        <h1>Calendar Sync is approved for your organisation</h1>
        <p>Thank you. Everyone in your organisation{tenant ? ` (tenant ${tenant})` : ""} can now connect their calendar without asking again.</p>
        {safeNext ? (
          <p><Link className="button" href={safeNext}>Continue connecting your calendar</Link></p>
        ) : (
          <p>Let the instructor who asked you know: they can now open their invitation link again and connect.</p>
        )}
      </section>
    );
  }
  return (
    <section>
      <h1>{outcome === "declined" ? "Approval was not given" : "Approval did not complete"}</h1>
      <p>{message ?? "Microsoft did not confirm the approval."}</p>
      <p>Nothing was changed. {safeNext ? <Link href={safeNext}>Go back to the invitation</Link> : "You can open the approval link again at any time."}</p>
    </section>
  );
}

import Link from "next/link";

export const metadata = { title: "Sign-in problem" };

const titles: Record<string, string> = {
  invalid_request: "This sign-in could not be matched to your invitation",
  expired: "The sign-in took too long",
  invitation: "This invitation can no longer be used",
  microsoft: "Microsoft did not complete the sign-in",
};

export default async function ProblemPage({ searchParams }: { searchParams: Promise<{ reason?: string; message?: string; retry?: string }> }) {
  const { reason, message, retry } = await searchParams;
  const safeRetry = retry?.startsWith("/connect/") ? retry : undefined;
  return (
    <section>
      <h1>{titles[reason ?? ""] ?? "Something went wrong"}</h1>
      <p>{message ?? "Nothing was connected."} Nothing from your calendar was shared.</p>
      {safeRetry ? (
        <p><Link className="button" href={safeRetry}>Start again</Link></p>
      ) : (
        <p>Open the link in your invitation email again, in the same browser. If it no longer works, ask your training coordinator for a new invitation.</p>
      )}
    </section>
  );
}

import Link from "next/link";
import { messageFor, problemMessages, safeConnectPath } from "@/lib/connect/public-messages";

export const metadata = { title: "Sign-in problem" };

export default async function ProblemPage({
  searchParams,
}: {
  searchParams: Promise<{ code?: string; retry?: string }>;
}) {
  const { code, retry } = await searchParams;
  const problem = messageFor(problemMessages, code);
  const safeRetry = safeConnectPath(retry);
  return (
    <section>
      <h1>{problem?.title ?? "Something went wrong"}</h1>
      <p>{problem?.text ?? "Nothing was connected."} Nothing from your calendar was shared.</p>
      {safeRetry ? (
        <p>
          <Link className="button" href={safeRetry}>
            Start again
          </Link>
        </p>
      ) : (
        <p>
          Open the link in your invitation email again, in the same browser. If it no longer works, ask your training
          coordinator for a new invitation.
        </p>
      )}
    </section>
  );
}

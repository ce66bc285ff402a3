import Link from "next/link";
import { problemMessages, type ProblemCode } from "@/lib/connect/public-messages";
import { StatusIcon } from "@/components/connect/status-icon";

/** Problems that pass on their own: the same link works again shortly. */
const tryAgainLater = new Set<ProblemCode>(["previous_connection_removing", "busy"]);

/**
 * A Connect problem as the person reads it: what happened, and what to do (a way back into their invitation
 * when there is one, else the email's link or their coordinator).
 */
export function ConnectProblem({ code, retry }: { code: ProblemCode | undefined; retry?: string }) {
  const problem = code ? problemMessages[code] : undefined;
  const later = code !== undefined && tryAgainLater.has(code);
  return (
    <section data-testid="connect-problem" data-code={code ?? "unknown"}>
      <StatusIcon tone={later ? "info" : "warn"} />
      <h1>{problem?.title ?? "Something went wrong"}</h1>
      <p>{problem?.text ?? "Nothing was connected."} Nothing from your calendar was shared.</p>
      {retry ? (
        <p>
          <Link className="button" href={retry}>
            {later ? "Try again" : "Start again"}
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

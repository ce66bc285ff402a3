import { domainOf, expectedMicrosoftAccount } from "@/lib/connect/account-binding";
import { appContext } from "@/lib/context/app-context";
import { wrongAccountAttempt } from "@/lib/services/connect/wrong-account-attempt";
import { openInvitation } from "@/lib/services/connect/open-invitation";
import { LinkUnavailable } from "@/components/connect/link-unavailable";
import { StatusIcon } from "@/components/connect/status-icon";

export const metadata = { title: "Sign in with your own Microsoft account" };

/**
 * After someone other than the invited instructor signed in: nothing was kept. Names both
 * addresses and sends the instructor back to Microsoft to sign in as themselves. When the other
 * account is from the same organisation it is usually the IT admin who just approved the app.
 */
export default async function WrongAccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ attempt?: string }>;
}) {
  const [{ token }, { attempt }] = await Promise.all([params, searchParams]);
  const ctx = await appContext();
  const found = await openInvitation({ ctx, token });
  if (!found.ok) return <LinkUnavailable reason={found.reason} />;
  const { instructor, invitation } = found.value;
  const expected = expectedMicrosoftAccount(instructor);
  const facts = attempt ? await wrongAccountAttempt({ ctx, invitationId: invitation.id, attemptId: attempt }) : null;
  const sameOrganisation = !!facts && domainOf(facts.signedInAs) === domainOf(expected);
  const firstName = instructor.name.split(" ")[0] ?? instructor.name;
  return (
    <section>
      <StatusIcon tone="warn" />
      <h1>This invitation is for {expected}</h1>
      <p>
        {facts ? (
          <>
            Microsoft signed in <strong data-testid="signed-in-as">{facts.signedInAs}</strong>,{" "}
          </>
        ) : (
          "Another Microsoft account signed in, "
        )}
        but this invitation connects the calendar of <strong data-testid="invited-account">{expected}</strong>. Nothing
        was connected and nothing from that account was kept.
      </p>
      {sameOrganisation && (
        <p>
          If you are an administrator of {domainOf(expected)} and just approved Calendar Sync for your organisation:
          thank you. {firstName} can now sign in with their own account below.
        </p>
      )}
      <form method="post" action={`/connect/${token}/start`}>
        <input type="hidden" name="privacyMode" value={facts?.privacyMode ?? "full_private"} />
        <input type="hidden" name="switchAccount" value="1" />
        <button type="submit">Sign in as {expected}</button>
      </form>
    </section>
  );
}

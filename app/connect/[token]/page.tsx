import { expectedMicrosoftAccount } from "@/lib/connect/account-binding";
import { appContext } from "@/lib/context/app-context";
import { openInvitation } from "@/lib/services/connect/open-invitation";
import { ConnectWizard } from "@/components/connect/connect-wizard";
import { FinishRemovalStart } from "@/components/connect/finish-removal-start";
import { LinkUnavailable } from "@/components/connect/link-unavailable";
import { ConnectProblem } from "@/components/connect/connect-problem";
import { connectRefusal } from "@/lib/connect/connect-refusal";
import { countRemovalLeftovers } from "@/db/queries/removal-leftovers";

export default async function ConnectPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const ctx = await appContext();
  const found = await openInvitation({ ctx, token });
  // proxy.ts normally answers bad links (with 404/410) before this page runs.
  if (!found.ok) return <LinkUnavailable reason={found.reason} />;
  const { instructor, invitation, connection } = found.value;
  const firstName = instructor.name.split(" ")[0] ?? instructor.name;
  if (invitation.purpose === "finish_removal")
    return (
      <FinishRemovalStart
        token={token}
        firstName={firstName}
        email={expectedMicrosoftAccount(instructor)}
        leftovers={await countRemovalLeftovers(ctx.db, instructor.id)}
      />
    );
  // Said before the person goes through the steps and Microsoft's sign-in, which could not complete now.
  const refusal = connectRefusal(connection?.status ?? null);
  if (refusal) return <ConnectProblem code={refusal} retry={`/connect/${token}`} />;
  return (
    <ConnectWizard
      token={token}
      firstName={firstName}
      email={instructor.email}
      reconnect={invitation.purpose === "reconnect"}
    />
  );
}

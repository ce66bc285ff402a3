import { appContext } from "@/lib/context/app-context";
import { openInvitation } from "@/lib/services/connect/open-invitation";
import { ConnectWizard } from "@/components/connect/connect-wizard";
import { LinkUnavailable } from "@/components/connect/link-unavailable";

export default async function ConnectPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await openInvitation({ ctx: await appContext(), token });
  // proxy.ts normally answers bad links (with 404/410) before this page runs.
  if (!found.ok) return <LinkUnavailable reason={found.reason} />;
  const { instructor, invitation } = found.value;
  return (
    <ConnectWizard
      token={token}
      firstName={instructor.name.split(" ")[0] ?? instructor.name}
      email={instructor.email}
      reconnect={invitation.purpose === "reconnect"}
    />
  );
}

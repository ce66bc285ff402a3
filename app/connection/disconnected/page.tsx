import { StatusIcon } from "@/components/connect/status-icon";

export const metadata = { title: "Calendar disconnected" };

export default async function DisconnectedPage({ searchParams }: { searchParams: Promise<{ finishing?: string }> }) {
  if ((await searchParams).finishing)
    return (
      <section>
        <StatusIcon tone="ok" />
        <h1>Thank you: we are removing our entries</h1>
        <p>
          We are deleting the training entries we added to your Outlook calendar. Your calendar stays disconnected, and
          the sign-in you just gave is deleted as soon as we are done.
        </p>
      </section>
    );
  return (
    <section>
      <StatusIcon tone="ok" />
      <h1>Your calendar is disconnected</h1>
      <p>
        Calendar Sync no longer has access to your Outlook calendar, and the permission it held was deleted. We have
        emailed you a confirmation.
      </p>
      <p>Your connection link no longer works. To connect again, ask your training coordinator for a new invitation.</p>
    </section>
  );
}

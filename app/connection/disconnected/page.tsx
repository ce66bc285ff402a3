import { StatusIcon } from "@/components/connect/status-icon";

export const metadata = { title: "Calendar disconnected" };

export default function DisconnectedPage() {
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

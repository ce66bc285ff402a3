import Link from "next/link";
import { getInstructorConnection } from "@/db/queries/instructor-connection";
import { privacyModes } from "@/lib/connect/what-is-shared";
import { appContext } from "@/lib/context/app-context";
import { instructorFromConnectionLink } from "@/lib/services/connect/instructor-from-connection-link";
import { LinkUnavailable } from "@/components/connect/link-unavailable";
import { StatusIcon } from "@/components/connect/status-icon";

export const metadata = { title: "Calendar connected" };

export default async function ConnectedPage({ params }: { params: Promise<{ link: string }> }) {
  const { link } = await params;
  const ctx = await appContext();
  const verified = await instructorFromConnectionLink({ ctx, link });
  if (!verified.ok) return <LinkUnavailable reason="unknown" />;
  const row = await getInstructorConnection(ctx.db, verified.instructorId);
  if (!row) return <LinkUnavailable reason="unknown" />;
  return (
    <section>
      <StatusIcon tone="ok" />
      <h1>Your calendar is connected</h1>
      <p>
        <strong>{row.connection.microsoftUsername}</strong> is now linked in{" "}
        <strong>{privacyModes[row.connection.privacyMode].label}</strong>.
      </p>
      <h2>What happens next</h2>
      <ul>
        <li>
          In a few seconds, your Outlook calendar from last week to 12 months ahead comes in as{" "}
          {row.connection.privacyMode === "full_private"
            ? "busy times only"
            : "busy times, with titles for events that are not private"}
          .{" "}
          {ctx.config.notificationBaseUrl
            ? "After that, Microsoft tells us when it changes, and it is read again every hour at the latest."
            : "After that it is read again every hour."}
        </li>
        <li>Training you are booked on appears in your Outlook calendar, and changes follow automatically.</li>
        <li>Coordinators see when you are busy, so you are not booked twice.</li>
      </ul>
      <p>You can change your privacy mode or disconnect at any time:</p>
      <p>
        <Link className="button" href={`/connection/${link}`}>
          Manage your connection
        </Link>
      </p>
      <p className="muted">Keep this page's link: it is your personal link to manage the connection.</p>
    </section>
  );
}

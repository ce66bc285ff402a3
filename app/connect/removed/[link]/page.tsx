import { appContext } from "@/lib/context/app-context";
import { finishRemovalProgress } from "@/lib/services/connect/finish-removal-progress";
import { AutoRefresh } from "@/components/connect/auto-refresh";
import { LinkUnavailable } from "@/components/connect/link-unavailable";
import { StatusIcon } from "@/components/connect/status-icon";

export const metadata = { title: "Removing our entries" };

/** Where a finish-removal sign-in lands: the removal's progress, then its outcome. */
export default async function RemovalProgressPage({ params }: { params: Promise<{ link: string }> }) {
  const { link } = await params;
  const progress = await finishRemovalProgress({ ctx: await appContext(), link });
  switch (progress.state) {
    case "invalid":
      return <LinkUnavailable reason="unknown" />;
    case "working":
      return (
        <section aria-busy="true">
          <AutoRefresh everyMs={1500} />
          <StatusIcon tone="info" />
          <h1>Removing our entries from your Outlook calendar…</h1>
          <p>Thank you for signing in. This takes a few seconds; you can keep this page open or close it.</p>
        </section>
      );
    case "done":
      return (
        <section>
          <StatusIcon tone="ok" />
          <h1>Done: your Outlook calendar is clean</h1>
          <p data-testid="finish-removal-done">
            {progress.deleted === 0
              ? "None of the training entries we had added were left in your Outlook calendar: they had already been deleted."
              : progress.deleted === 1
                ? "We deleted the training entry we had added to your Outlook calendar."
                : `We deleted the ${progress.deleted} training entries we had added to your Outlook calendar.`}{" "}
            Nothing else in your calendar was touched.
          </p>
          <p>
            Your calendar stays disconnected, and we deleted the sign-in you just gave: we keep no access to your
            calendar. To connect again, ask your training coordinator for a new invitation.
          </p>
        </section>
      );
    case "incomplete":
      return (
        <section>
          <StatusIcon tone="warn" />
          <h1>We could not finish removing our entries</h1>
          <p>
            Microsoft did not let us into your calendar
            {progress.left > 0 &&
              `, so ${progress.left === 1 ? "1 entry is" : `${progress.left} entries are`} still there`}
            . Your training coordinator has been told and can send you a new link. You can also delete the entries in
            the category &quot;Training (Calendar Sync)&quot; yourself.
          </p>
        </section>
      );
  }
}

import { requireAdmin } from "@/lib/auth/guards";
import { CalendarIntegrationTable } from "@/components/calendar-integration/calendar-integration-table";
import { NotificationsNotice } from "@/components/calendar-integration/notifications-notice";
import { appContext } from "@/lib/context/app-context";
import {
  confirmHeldPullAction,
  previewCalendarRemovalsAction,
  removeCalendarsAction,
  sendInvitationsAction,
  syncCalendarsAction,
} from "./actions";

export const metadata = { title: "Calendar Integration" };

export default async function CalendarIntegrationPage() {
  await requireAdmin();
  const { config } = await appContext();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">Control Panel /</p>
          <h1>Calendar Integration</h1>
          <p className="muted">
            Instructors&apos; Microsoft 365 calendars: invite them to connect, and see how their sync is doing.
          </p>
        </div>
      </div>
      <NotificationsNotice enabled={config.notificationBaseUrl !== null} />
      <CalendarIntegrationTable
        sendInvitations={sendInvitationsAction}
        syncCalendars={syncCalendarsAction}
        previewRemovals={previewCalendarRemovalsAction}
        removeCalendars={removeCalendarsAction}
        confirmHeld={confirmHeldPullAction}
      />
    </>
  );
}

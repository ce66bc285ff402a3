/**
 * Shown on Calendar Integration when Graph change notifications are off (no public https URL for
 * Microsoft to call): changes made in Outlook then arrive with the hourly pull, not within seconds.
 */
export function NotificationsNotice({ enabled }: { enabled: boolean }) {
  if (enabled) return null;
  return (
    <p className="notice" role="note" data-testid="notifications-off">
      Outlook change notifications are off: this app has no public https address for Microsoft to call, so changes in
      instructors&apos; calendars arrive with the hourly sync. Set <code>APP_URL</code> (or{" "}
      <code>NOTIFICATIONS_URL</code>) to a public https URL to get them within seconds.
    </p>
  );
}

import { StatusIcon } from "./status-icon";

/**
 * What a finish-removal link opens: our entries are still in the instructor's Outlook because Microsoft
 * refused us access during the removal. One button signs them in (a plain form post, so the browser goes
 * to Microsoft itself); the removal then deletes the entries and the permission, and nothing syncs.
 */
export function FinishRemovalStart({
  token,
  firstName,
  email,
  leftovers,
}: {
  token: string;
  firstName: string;
  email: string;
  leftovers: number;
}) {
  const entries =
    leftovers === 0
      ? "Entries created by Calendar Sync may still be in your Outlook calendar."
      : leftovers === 1
        ? "1 entry created by Calendar Sync is still in your Outlook calendar."
        : `${leftovers} entries created by Calendar Sync are still in your Outlook calendar.`;
  const them = leftovers === 1 ? "it" : "them";
  return (
    <section aria-labelledby="finish-removal-title">
      <StatusIcon tone="info" />
      <h1 id="finish-removal-title">Finish removing your calendar</h1>
      <p>Hello {firstName},</p>
      <p data-testid="finish-removal-count">
        <strong>{entries}</strong> Sign in to remove {them}.
      </p>
      <p>
        Your calendar is already disconnected from the training platform and we deleted everything we held of it.
        Microsoft asks you to sign in as <strong>{email}</strong> and to allow access once more: we then delete only the
        training entries we added, nothing else in your calendar, and then delete that sign-in straight away. Nothing is
        synced.
      </p>
      <form method="post" action={`/connect/${token}/start`} className="actions">
        <input type="hidden" name="privacyMode" value="full_private" />
        <button type="submit">Sign in to remove {them}</button>
      </form>
      <p className="muted small">
        Prefer to do it yourself? Delete the entries in the category &quot;Training (Calendar Sync)&quot; in Outlook.
      </p>
    </section>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { FinishRemovalLinkState } from "@/db/queries/removal-leftovers";
import { actionFailureText, type ActionFailure } from "@/lib/errors";
import { formatDateTime, formatSessionRange } from "@/lib/time/format";

type Entry = { id: string; title: string | null; startsAt: Date | null; endsAt: Date | null };

const linkStates: Record<FinishRemovalLinkState["state"], string> = {
  open: "waiting for the instructor to sign in",
  used: "used: the instructor signed in and the removal ran again",
  expired: "expired before it was used",
  replaced: "replaced by a newer link or invitation",
};

/**
 * On an instructor's Calendar Integration page: the entries of ours a removal could not delete from their
 * Outlook (Microsoft refused the token), titles and times only, in the instructor's time zone; the
 * finish-removal link sent for them (when, to whom, what became of it); and sending it again.
 */
export function RemovalLeftovers({
  instructorId,
  timeZone,
  entries,
  link,
  resend,
}: {
  instructorId: string;
  timeZone: string;
  entries: Entry[];
  link: FinishRemovalLinkState | null;
  resend: (instructorId: string) => Promise<{ sentTo: string; expiresAt: Date } | ActionFailure>;
}) {
  const router = useRouter();
  // Only the sending disables the button: the refresh after it (new link state) runs in the background,
  // so the button does not still say "Sending…" beside "Finish-removal link sent".
  const [sending, setSending] = useState(false);
  const [, startTransition] = useTransition();
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  if (!entries.length) return null;

  const sendAgain = async () => {
    setSending(true);
    setNotice(null);
    try {
      const result = await resend(instructorId);
      if ("ok" in result) setNotice({ ok: false, text: actionFailureText(result) });
      else {
        setNotice({ ok: true, text: `Finish-removal link sent to ${result.sentTo}.` });
        startTransition(() => router.refresh());
      }
    } catch {
      setNotice({ ok: false, text: "The link could not be sent. Try again." });
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="panel" id="leftovers" data-testid="removal-leftovers">
      <h2>Left in Outlook after removal</h2>
      <p>
        Microsoft refused access while the calendar was being removed, so{" "}
        {entries.length === 1 ? "this entry" : `these ${entries.length} entries`} created by Calendar Sync could not be
        deleted from the instructor&apos;s Outlook. Everything else was deleted here. The instructor can sign in once
        with the finish-removal link to delete them, or delete them by hand (category &quot;Training (Calendar
        Sync)&quot;).
      </p>
      <table className="data">
        <thead>
          <tr>
            <th>Entry</th>
            <th>When ({timeZone})</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="leftover-entry">
              <td>{e.title ?? <span className="muted">Untitled</span>}</td>
              <td className="nowrap">
                {e.startsAt && e.endsAt ? (
                  formatSessionRange(new Date(e.startsAt), new Date(e.endsAt), timeZone)
                ) : (
                  <span className="muted">Time unknown</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="finish-removal-link-state" style={{ marginTop: 16 }}>
        <strong>Finish-removal link:</strong>{" "}
        {link ? (
          <>
            sent {formatDateTime(new Date(link.sentAt), timeZone)}
            {link.sentTo && <> to {link.sentTo}</>}; {linkStates[link.state]}
            {link.state === "open" && <> (works until {formatDateTime(new Date(link.expiresAt), timeZone)})</>}.
          </>
        ) : (
          "not sent."
        )}
      </p>
      <button type="button" className="secondary" disabled={sending} onClick={() => void sendAgain()}>
        {sending ? "Sending…" : link ? "Send finish-removal link again" : "Send finish-removal link"}
      </button>
      {notice && (
        <p className={notice.ok ? "notice" : "alert"} role="status" style={{ marginTop: 12 }}>
          {notice.text}
        </p>
      )}
    </section>
  );
}

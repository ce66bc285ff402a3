import type { PushHistoryRow } from "@/db/queries/push-history";
import { pushHistoryActionLabels } from "@/lib/sync/push-history-action";
import { formatDateTime, formatSessionRange } from "@/lib/time/format";

/** What started the run a line came from, in an admin's words; unknown values are shown as they are. */
const triggerLabels: Record<string, string> = {
  manual: "Change by an admin",
  api: "Change through the API",
  schedule: "Hourly check",
  hourly: "Hourly check",
  connect: "Instructor connected",
  notification: "Outlook change",
  baseline: "Full calendar read",
};

/**
 * The event's push history: what happened to each instructor's Outlook entries, newest first, with
 * when (in the event's zone), for which session, what started it and, for a failure, why.
 */
export function PushHistory({ rows, zone }: { rows: readonly PushHistoryRow[]; zone: string }) {
  if (!rows.length) return <p className="muted">Nothing has been sent to Outlook for this event yet.</p>;
  return (
    <table className="data" data-testid="push-history">
      <thead>
        <tr>
          <th className="nowrap">When</th>
          <th>Instructor</th>
          <th>Session</th>
          <th>What happened</th>
          <th>Started by</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="push-history-row" data-action={row.action}>
            <td className="nowrap small">{formatDateTime(row.at, zone)}</td>
            <td>{row.instructorName ?? <span className="muted">Deleted instructor</span>}</td>
            <td className="small">
              {row.session ? (
                <>
                  {row.session.name && <div>{row.session.name}</div>}
                  {formatSessionRange(row.session.startsAt, row.session.endsAt, zone)}
                </>
              ) : (
                <span className="muted">A session since removed</span>
              )}
            </td>
            <td className={row.action === "failed" ? "error" : undefined}>
              {pushHistoryActionLabels[row.action]}
              {row.error && <div className="small">{row.error}</div>}
            </td>
            <td className="small">{row.trigger ? (triggerLabels[row.trigger] ?? row.trigger) : "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

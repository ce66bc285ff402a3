import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { connectionLog } from "@/db/queries/connection-log";
import { getInstructor } from "@/db/queries/instructors";
import { removalLeftoverList } from "@/db/queries/removal-leftovers";
import { requireAdmin } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/time/format";
import { RemovalLeftovers } from "@/components/calendar-integration/removal-leftovers";
import { resendFinishRemovalLinkAction } from "../actions";

export const metadata = { title: "Calendar connection log" };

export default async function InstructorConnectionLogPage({ params }: { params: Promise<{ instructorId: string }> }) {
  await requireAdmin();
  const { instructorId } = await params;
  const db = await getDb();
  const instructor = await getInstructor(db, instructorId);
  if (!instructor) notFound();
  const { events, emails } = await connectionLog(db, instructorId);
  const leftovers = await removalLeftoverList(db, instructorId, new Date());
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/control-panel/calendar-integration">Calendar Integration</Link> /
          </p>
          <h1>{instructor.name}</h1>
          <p className="muted">{instructor.email} · log and email times in UTC</p>
        </div>
      </div>
      <RemovalLeftovers
        instructorId={instructorId}
        timeZone={instructor.timeZone}
        {...leftovers}
        resend={resendFinishRemovalLinkAction}
      />
      <section className="panel">
        <h2>Log</h2>
        <table className="data" data-testid="connection-log">
          <thead>
            <tr>
              <th>When</th>
              <th>What</th>
            </tr>
          </thead>
          <tbody>
            {events.length === 0 && (
              <tr>
                <td colSpan={2} className="muted">
                  Nothing yet.
                </td>
              </tr>
            )}
            {events.map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{formatDateTime(e.at, "UTC")}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>Emails sent</h2>
        <table className="data">
          <thead>
            <tr>
              <th>When</th>
              <th>Subject</th>
              <th>To</th>
            </tr>
          </thead>
          <tbody>
            {emails.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  None.
                </td>
              </tr>
            )}
            {emails.map((m) => (
              <tr key={m.id}>
                <td className="nowrap">{formatDateTime(m.sentAt, "UTC")}</td>
                <td>{m.subject}</td>
                <td>{m.to}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

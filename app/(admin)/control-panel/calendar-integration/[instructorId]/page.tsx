import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { connectionLog } from "@/db/queries/connection-log";
import { getInstructor } from "@/db/queries/instructors";
import { removalLeftoverList } from "@/db/queries/removal-leftovers";
import { syncRunsOfInstructor } from "@/db/queries/sync-runs";
import { SyncLog } from "@/components/calendar-integration/sync-log";
import {
  confirmHeldPullAction,
  previewCalendarRemovalsAction,
  removeCalendarsAction,
  sendInvitationsAction,
  syncCalendarsAction,
} from "../actions";
import { requireAdmin } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/time/format";
import { listCalendarIntegration } from "@/db/queries/calendar-integration";
import { runsOfLastDay } from "@/db/queries/runs-of-last-day";
import { InstructorHeader } from "@/components/calendar-integration/instructor-header";
import { HealthStrip } from "@/components/calendar-integration/health-strip";
import { healthStrip } from "@/components/calendar-integration/health-strip-view";
import type { IntegrationRowJson } from "@/components/calendar-integration/integration-row-json";
import { adminZone } from "../../../admin-zone";
import { RemovalLeftovers } from "@/components/calendar-integration/removal-leftovers";
import { resendFinishRemovalLinkAction } from "../actions";

export const metadata = { title: "Instructor's calendar" };

export default async function InstructorConnectionLogPage({ params }: { params: Promise<{ instructorId: string }> }) {
  await requireAdmin();
  const { instructorId } = await params;
  const db = await getDb();
  const instructor = await getInstructor(db, instructorId);
  if (!instructor) notFound();
  const now = new Date();
  // One convention on the page: every time in the admin's zone, labelled (UTC until the browser has told it).
  const zone = (await adminZone()) ?? "UTC";
  const [{ events, emails }, runs, leftovers, [row], lastDay] = await Promise.all([
    connectionLog(db, instructorId),
    syncRunsOfInstructor(db, instructorId, 50),
    removalLeftoverList(db, instructorId, now),
    listCalendarIntegration(db, { now, instructorId }),
    runsOfLastDay(db, instructorId, now),
  ]);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/control-panel/calendar-integration">Calendar Integration</Link> /
          </p>
          <h1>{instructor.name}</h1>
          <p className="muted">
            {instructor.email} · <Link href={`/instructors/${instructorId}`}>Edit instructor</Link>
          </p>
        </div>
      </div>
      {row && (
        <InstructorHeader
          initial={JSON.parse(JSON.stringify(row)) as IntegrationRowJson}
          zone={zone}
          actions={{
            syncCalendars: syncCalendarsAction,
            sendInvitations: sendInvitationsAction,
            previewRemovals: previewCalendarRemovalsAction,
            removeCalendars: removeCalendarsAction,
            confirmHeld: confirmHeldPullAction,
          }}
        />
      )}
      <HealthStrip hours={healthStrip(lastDay, now, zone)} zone={zone} />
      <RemovalLeftovers
        instructorId={instructorId}
        timeZone={instructor.timeZone}
        {...leftovers}
        resend={resendFinishRemovalLinkAction}
      />
      <SyncLog
        instructorId={instructorId}
        runs={runs.map((r) => ({
          ...r,
          queuedAt: r.queuedAt.toISOString(),
          startedAt: r.startedAt?.toISOString() ?? null,
          finishedAt: r.finishedAt?.toISOString() ?? null,
        }))}
        zone={zone}
        mirrored={row?.mirrored ?? 0}
        confirmHeld={confirmHeldPullAction}
      />
      <section className="panel">
        <h2>Log</h2>
        <p className="muted small">Connection events · times in {zone}</p>
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
                <td className="nowrap">{formatDateTime(e.at, zone)}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>Emails sent</h2>
        <p className="muted small">Times in {zone}</p>
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
                <td className="nowrap">{formatDateTime(m.sentAt, zone)}</td>
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

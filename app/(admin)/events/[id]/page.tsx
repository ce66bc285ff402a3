import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { eventConflictSummary } from "@/db/queries/event-conflicts";
import { getEventPushStatus } from "@/db/queries/push-status";
import { eventPushHistory } from "@/db/queries/push-history";
import { listLocationsWithVenues } from "@/db/queries/locations";
import { requireAdmin } from "@/lib/auth/guards";
import { allTimeZones } from "@/lib/time/time-zones";
import { formatSessionRange } from "@/lib/time/format";
import { EventForm } from "@/components/events/event-form";
import { eventFormValues } from "@/components/events/event-form-values";
import { AssignmentPanel } from "@/components/events/assignment-panel";
import { panelRow } from "@/components/events/conflict-view";
import { LifecycleBadge } from "@/components/events/lifecycle-badge";
import { pushStatusSummary } from "@/components/events/push-status-summary";
import { PushHistory } from "@/components/events/push-history";
import { DeleteEventButton } from "@/components/events/delete-event-button";
import { eventLifecycles } from "@/lib/training/vocabulary";
import {
  assignInstructorAction,
  conflictDetailsAction,
  deleteEventAction,
  unassignInstructorAction,
  updateEventAction,
} from "../actions";

export const metadata = { title: "Event" };

export default async function EventPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  await requireAdmin();
  const [{ id }, { created }] = await Promise.all([params, searchParams]);
  const db = await getDb();
  const board = await eventConflictSummary(db, { eventId: id, now: new Date() });
  if (!board) notFound();
  const { detail } = board;
  const [locations, pushRows, history] = await Promise.all([
    listLocationsWithVenues(db),
    getEventPushStatus(db, id),
    eventPushHistory(db, id),
  ]);
  const { lifecycle } = detail.event;

  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link href="/events">Events</Link> /
          </p>
          <h1>
            {detail.event.title} <LifecycleBadge lifecycle={lifecycle} />
          </h1>
          <ul className="sessions-list muted" data-testid="event-sessions">
            {detail.sessions.map((s) => (
              <li key={s.id}>{formatSessionRange(s.startsAt, s.endsAt, detail.timeZone)}</li>
            ))}
          </ul>
        </div>
      </div>
      {created && (
        <p className="notice" role="status">
          Event created.
        </p>
      )}
      <section className="panel" id="instructors">
        <h2>Instructors</h2>
        <AssignmentPanel
          rows={board.candidates.map((c) => panelRow(c, detail.timeZone))}
          push={
            lifecycle === "active"
              ? Object.fromEntries(
                  detail.instructors.map((a) => [
                    a.instructor.id,
                    pushStatusSummary(
                      (pushRows ?? []).filter((r) => r.instructorId === a.instructor.id),
                      detail.timeZone,
                    ),
                  ]),
                )
              : undefined
          }
          eventId={id}
          zone={detail.timeZone}
          assign={assignInstructorAction.bind(null, id)}
          unassign={unassignInstructorAction.bind(null, id)}
          loadConflicts={conflictDetailsAction.bind(null, id)}
          locked={lifecycle === "cancelled"}
        />
      </section>
      <section className="panel">
        <h2>Details</h2>
        <EventForm
          action={updateEventAction.bind(null, id)}
          values={eventFormValues(detail)}
          locations={locations}
          timeZones={allTimeZones()}
          lifecycleOptions={lifecycle === "cancelled" ? ["cancelled"] : [...eventLifecycles]}
          submitLabel="Save changes"
        />
      </section>
      <section className="panel" id="push-history">
        <h2>Outlook history</h2>
        <PushHistory rows={history} zone={detail.timeZone} />
      </section>
      <section className="panel" id="delete">
        <h2>Delete</h2>
        <p className="muted">
          Deleting removes the event, its sessions and its bookings, and deletes its entries from the booked
          instructors&apos; Outlook calendars.
        </p>
        <DeleteEventButton
          title={detail.event.title}
          bookedCount={detail.instructors.length}
          remove={deleteEventAction.bind(null, id)}
        />
      </section>
    </>
  );
}

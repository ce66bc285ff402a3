import Link from "next/link";
import { getDb } from "@/db/client";
import { listEvents, type ListEventsParams } from "@/db/queries/events";
import { requireAdmin } from "@/lib/auth/guards";
import { formatSessionRange } from "@/lib/time/format";
import { LifecycleBadge } from "@/components/events/lifecycle-badge";

export const metadata = { title: "Events" };

const views = {
  upcoming: { label: "Upcoming", params: (now: Date): ListEventsParams => ({ endingAfter: now }) },
  drafts: { label: "Drafts", params: (): ListEventsParams => ({ lifecycle: "draft" }) },
  cancelled: { label: "Cancelled", params: (): ListEventsParams => ({ lifecycle: "cancelled" }) },
  all: { label: "All", params: (): ListEventsParams => ({}) },
} as const;
type View = keyof typeof views;

export default async function EventsPage({
  searchParams,
}: {
  searchParams: Promise<{ view?: string; q?: string; deleted?: string }>;
}) {
  await requireAdmin();
  const { view: rawView, q, deleted } = await searchParams;
  const view: View = rawView && rawView in views ? (rawView as View) : "upcoming";
  const events = await listEvents(await getDb(), { ...views[view].params(new Date()), search: q?.trim() || undefined });

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Events</h1>
          <p className="muted">Times are shown in each event&apos;s own time zone.</p>
        </div>
        <Link className="button" href="/events/new">
          New event
        </Link>
      </div>
      {deleted && (
        <p className="notice" role="status">
          Event deleted. Its entries are being removed from the instructors&apos; Outlook calendars.
        </p>
      )}
      <div className="toolbar">
        <nav className="tabs" aria-label="Filter events">
          {Object.entries(views).map(([key, v]) => (
            <Link key={key} href={`/events?view=${key}`} aria-current={key === view ? "page" : undefined}>
              {v.label}
            </Link>
          ))}
        </nav>
        <form role="search" style={{ marginLeft: "auto" }}>
          <input type="hidden" name="view" value={view} />
          <input
            type="search"
            name="q"
            defaultValue={q}
            placeholder="Search title or course code"
            aria-label="Search events"
          />
        </form>
      </div>
      <table className="data" data-testid="events-table">
        <thead>
          <tr>
            <th>Event</th>
            <th>Status</th>
            <th>Sessions</th>
            <th>Location</th>
            <th>Instructors</th>
          </tr>
        </thead>
        <tbody>
          {events.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No events here yet.
              </td>
            </tr>
          )}
          {events.map(({ event, sessions, location, timeZone, instructorCount }) => (
            <tr key={event.id} data-testid="event-row">
              <td>
                <Link href={`/events/${event.id}`}>
                  <strong>{event.title}</strong>
                </Link>
                <div className="muted">{event.courseCode}</div>
              </td>
              <td>
                <LifecycleBadge lifecycle={event.lifecycle} />
              </td>
              <td>
                <ul className="sessions-list">
                  {sessions.map((s) => (
                    <li key={s.id}>
                      {s.name ? `${s.name}: ` : ""}
                      {formatSessionRange(s.startsAt, s.endsAt, timeZone)}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                {location?.name ?? <span className="muted">Online</span>}
                <div className="muted">{timeZone}</div>
              </td>
              <td>{instructorCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

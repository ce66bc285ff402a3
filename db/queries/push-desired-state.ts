import { eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { ConnectionStatus } from "@/lib/sync/connection-state";
import type { PushCandidate, RecordedEntry } from "@/lib/sync/plan-pushes";
import type { PushContentInput } from "@/lib/sync/push-content";
import {
  assignments,
  calendarConnections,
  eventResources,
  eventSessions,
  events,
  instructors,
  locations,
  pushEntries,
  venues,
} from "../schema";
import type { DbOrTx } from "../types";
import { effectiveTimeZone } from "./events";
import { isUuid } from "./ids";

/** Which entries to load: every (assignment, session) touching any of these ids. */
export type PushScope = {
  eventIds?: readonly string[];
  instructorIds?: readonly string[];
  assignmentIds?: readonly string[];
};

export type PushDesiredState = { candidates: PushCandidate[]; recorded: RecordedEntry[] };

/**
 * The planner's input for a scope, in two queries sent at once whatever its size: every booking in scope with
 * each session of its event and everything an entry shows (candidates, whatever the event's
 * lifecycle or the connection's status: lib/sync/plan-pushes.ts decides), and the recorded
 * push_entries in scope, including those whose assignment, session or event no longer exists.
 */
export async function loadPushDesiredState(
  db: DbOrTx,
  scope: PushScope,
  options: { appUrl: string },
): Promise<PushDesiredState> {
  const eventIds = (scope.eventIds ?? []).filter(isUuid);
  const instructorIds = (scope.instructorIds ?? []).filter(isUuid);
  const assignmentIds = (scope.assignmentIds ?? []).filter(isUuid);
  if (!eventIds.length && !instructorIds.length && !assignmentIds.length) return { candidates: [], recorded: [] };

  const bookingInScope = anyOf([
    eventIds.length ? inArray(assignments.eventId, eventIds) : undefined,
    instructorIds.length ? inArray(assignments.instructorId, instructorIds) : undefined,
    assignmentIds.length ? inArray(assignments.id, assignmentIds) : undefined,
  ]);
  // Each event with its sessions, resources and bookings (JSON built in the database), beside the
  // recorded entries: two queries, sent at once, whatever the scope.
  const [eventRows, recorded] = await Promise.all([
    db
      .select({
        event: events,
        location: locations,
        venue: venues,
        sessions: sql<JsonSession[] | string>`coalesce((
          select json_agg(json_build_object('id', s.id, 'name', s.name, 'startsAt', s.starts_at, 'endsAt', s.ends_at)
            order by s.starts_at, s.id)
          from ${eventSessions} s where s.event_id = ${events.id}), '[]'::json)`,
        resources: sql<JsonResource[] | string>`coalesce((
          select json_agg(json_build_object('name', r.name, 'quantity', r.quantity) order by r.name, r.id)
          from ${eventResources} r where r.event_id = ${events.id}), '[]'::json)`,
        bookings: sql<JsonBooking[] | string>`coalesce((
          select json_agg(json_build_object(
              'assignmentId', ${assignments.id}, 'role', ${assignments.role},
              'instructor', json_build_object('id', ${instructors.id}, 'name', ${instructors.name}, 'timeZone', ${instructors.timeZone}),
              'connectionId', ${calendarConnections.id}, 'connectionStatus', ${calendarConnections.status},
              'inScope', ${bookingInScope})
            order by ${instructors.name}, ${instructors.id})
          from ${assignments}
          join ${instructors} on ${instructors.id} = ${assignments.instructorId}
          left join ${calendarConnections} on ${calendarConnections.instructorId} = ${assignments.instructorId}
          where ${assignments.eventId} = ${events.id}), '[]'::json)`,
      })
      .from(events)
      .leftJoin(locations, eq(locations.id, events.locationId))
      .leftJoin(venues, eq(venues.id, events.venueId))
      .where(
        anyOf([
          eventIds.length ? inArray(events.id, eventIds) : undefined,
          sql`exists (select 1 from ${assignments} where ${assignments.eventId} = ${events.id} and ${bookingInScope})`,
        ]),
      ),
    db
      .select({ entry: pushEntries, connectionStatus: calendarConnections.status })
      .from(pushEntries)
      .leftJoin(calendarConnections, eq(calendarConnections.id, pushEntries.connectionId))
      .where(
        anyOf([
          eventIds.length ? inArray(pushEntries.eventId, eventIds) : undefined,
          instructorIds.length ? inArray(pushEntries.instructorId, instructorIds) : undefined,
          assignmentIds.length ? inArray(pushEntries.assignmentId, assignmentIds) : undefined,
        ]),
      ),
  ]);

  const candidates: PushCandidate[] = [];
  for (const row of eventRows) {
    const { event, location, venue } = row;
    const people = json(row.bookings);
    const shared: PushContentInput["event"] = {
      id: event.id,
      title: event.title,
      courseCode: event.courseCode,
      description: event.description,
      timeZone: effectiveTimeZone(event, location),
      location: location ? { name: location.name, address: location.address } : null,
      venue: venue ? { name: venue.name } : null,
      virtualMeeting:
        event.virtualMeetingProvider && event.virtualMeetingUrl
          ? { provider: event.virtualMeetingProvider, joinUrl: event.virtualMeetingUrl }
          : null,
      sessions: json(row.sessions).map((s) => ({
        id: s.id,
        name: s.name,
        startsAt: new Date(s.startsAt),
        endsAt: new Date(s.endsAt),
      })),
      resources: json(row.resources),
      personnel: people.map((p) => ({ instructorId: p.instructor.id, name: p.instructor.name, role: p.role })),
    };
    for (const booking of people.filter((p) => p.inScope)) {
      for (const session of shared.sessions) {
        candidates.push({
          assignmentId: booking.assignmentId,
          sessionId: session.id,
          eventId: event.id,
          instructorId: booking.instructor.id,
          eventLifecycle: event.lifecycle,
          connection:
            booking.connectionId && booking.connectionStatus
              ? { id: booking.connectionId, status: booking.connectionStatus }
              : null,
          content: {
            appUrl: options.appUrl,
            assignmentId: booking.assignmentId,
            sessionId: session.id,
            instructor: booking.instructor,
            event: shared,
          },
        });
      }
    }
  }

  return {
    candidates,
    recorded: recorded.map(({ entry, connectionStatus }) => ({
      assignmentId: entry.assignmentId,
      sessionId: entry.sessionId,
      eventId: entry.eventId,
      instructorId: entry.instructorId,
      connectionId: entry.connectionId,
      connectionStatus: connectionStatus ?? null,
      outlookEventId: entry.outlookEventId,
      contentHash: entry.contentHash,
      status: entry.status,
      generation: entry.generation,
    })),
  };
}

type JsonSession = { id: string; name: string | null; startsAt: string; endsAt: string };
type JsonResource = { name: string; quantity: number };
type JsonBooking = {
  assignmentId: string;
  role: string;
  instructor: { id: string; name: string; timeZone: string };
  connectionId: string | null;
  connectionStatus: ConnectionStatus | null;
  inScope: boolean;
};

/** A JSON column as the driver hands it over: parsed already (postgres-js, PGlite), or as text. */
function json<T>(value: T[] | string): T[] {
  return typeof value === "string" ? (JSON.parse(value) as T[]) : value;
}

function anyOf(conditions: (SQL | undefined)[]): SQL {
  const present = conditions.filter((c): c is SQL => c !== undefined);
  return present.length === 1 ? present[0]! : or(...present)!;
}

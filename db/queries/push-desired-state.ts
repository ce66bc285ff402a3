import { asc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
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
 * The planner's input for a scope, in five queries whatever its size (at once for a scope of events): every booking in scope with
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
  // Started now, read once (a drizzle query runs again at every await).
  const eventRowsRead = Promise.resolve(
    db
      .select({ event: events, location: locations, venue: venues })
      .from(events)
      .leftJoin(locations, eq(locations.id, events.locationId))
      .leftJoin(venues, eq(venues.id, events.venueId))
      .where(
        anyOf([
          eventIds.length ? inArray(events.id, eventIds) : undefined,
          sql`exists (select 1 from ${assignments} where ${assignments.eventId} = ${events.id} and ${bookingInScope})`,
        ]),
      ),
  );
  // A scope of events only reads exactly those events: the rest is read at the same time (one round
  // trip fewer on the way from a saved booking to Outlook); otherwise the events are found first.
  const onlyEvents = !instructorIds.length && !assignmentIds.length;
  const loadedEventIds = onlyEvents ? eventIds : (await eventRowsRead).map((r) => r.event.id);
  const none = Promise.resolve([]);
  const [eventRows, sessions, resources, bookings, recorded] = await Promise.all([
    eventRowsRead,
    loadedEventIds.length
      ? db
          .select()
          .from(eventSessions)
          .where(inArray(eventSessions.eventId, loadedEventIds))
          .orderBy(asc(eventSessions.startsAt), asc(eventSessions.id))
      : none,
    loadedEventIds.length
      ? db
          .select()
          .from(eventResources)
          .where(inArray(eventResources.eventId, loadedEventIds))
          .orderBy(asc(eventResources.name), asc(eventResources.id))
      : none,
    loadedEventIds.length
      ? db
          .select({
            assignmentId: assignments.id,
            eventId: assignments.eventId,
            role: assignments.role,
            instructor: { id: instructors.id, name: instructors.name, timeZone: instructors.timeZone },
            connectionId: calendarConnections.id,
            connectionStatus: calendarConnections.status,
            inScope: sql<boolean>`${bookingInScope}`,
          })
          .from(assignments)
          .innerJoin(instructors, eq(instructors.id, assignments.instructorId))
          .leftJoin(calendarConnections, eq(calendarConnections.instructorId, assignments.instructorId))
          .where(inArray(assignments.eventId, loadedEventIds))
          .orderBy(asc(instructors.name), asc(instructors.id))
      : none,
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
  for (const { event, location, venue } of eventRows) {
    const people = bookings.filter((b) => b.eventId === event.id);
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
      sessions: sessions
        .filter((s) => s.eventId === event.id)
        .map((s) => ({ id: s.id, name: s.name, startsAt: s.startsAt, endsAt: s.endsAt })),
      resources: resources.filter((r) => r.eventId === event.id).map((r) => ({ name: r.name, quantity: r.quantity })),
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

function anyOf(conditions: (SQL | undefined)[]): SQL {
  const present = conditions.filter((c): c is SQL => c !== undefined);
  return present.length === 1 ? present[0]! : or(...present)!;
}

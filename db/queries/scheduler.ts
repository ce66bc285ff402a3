import { and, asc, eq, gt, inArray, lt } from "drizzle-orm";
import { conflictsFor, type Conflict } from "@/lib/sync/conflict-rules";
import { assignments, eventSessions, events, instructors, locations } from "../schema";
import type { DbOrTx } from "../types";
import { busyIntervals } from "./busy-intervals";
import { getConflictSettings } from "./conflict-settings";
import { effectiveTimeZone, type SessionRow } from "./events";
import { groupBy } from "./event-conflicts";
import { internalBookings } from "./internal-bookings";

const DAY = 24 * 3_600_000;

export type SchedulerEvent = {
  id: string;
  title: string;
  lifecycle: string;
  timeZone: string;
  location: { id: string; name: string } | null;
  sessions: Pick<SessionRow, "id" | "startsAt" | "endsAt">[];
  /** Each booked instructor with their conflicts with this event. */
  instructors: { id: string; name: string; conflicts: Conflict[] }[];
};

/**
 * Draft and active events with a session in [from, to), with their instructors and each one's
 * conflicts: a fixed number of queries (one mirror range query for every booked instructor).
 */
export async function schedulerEvents(db: DbOrTx, input: { from: Date; to: Date }): Promise<SchedulerEvent[]> {
  const sessions = await db
    .select({
      eventId: events.id,
      title: events.title,
      lifecycle: events.lifecycle,
      eventZone: events.timeZone,
      locationId: locations.id,
      locationName: locations.name,
      locationZone: locations.timeZone,
      id: eventSessions.id,
      startsAt: eventSessions.startsAt,
      endsAt: eventSessions.endsAt,
    })
    .from(eventSessions)
    .innerJoin(events, eq(events.id, eventSessions.eventId))
    .leftJoin(locations, eq(locations.id, events.locationId))
    .where(
      and(
        inArray(events.lifecycle, ["draft", "active"]),
        lt(eventSessions.startsAt, input.to),
        gt(eventSessions.endsAt, input.from),
      ),
    )
    .orderBy(asc(eventSessions.startsAt));
  const eventIds = [...new Set(sessions.map((s) => s.eventId))];
  if (eventIds.length === 0) return [];
  const booked = await db
    .select({
      eventId: assignments.eventId,
      id: instructors.id,
      name: instructors.name,
      timeZone: instructors.timeZone,
    })
    .from(assignments)
    .innerJoin(instructors, eq(instructors.id, assignments.instructorId))
    .where(inArray(assignments.eventId, eventIds))
    .orderBy(asc(instructors.name));
  const instructorIds = [...new Set(booked.map((b) => b.id))];
  // Sessions may run past the range: their conflicts are looked for a day either side.
  const around = { from: new Date(input.from.getTime() - DAY), to: new Date(input.to.getTime() + DAY) };
  const [settings, external, internal] = await Promise.all([
    getConflictSettings(db),
    busyIntervals(db, { instructorIds, ...around }),
    internalBookings(db, { instructorIds, ...around }),
  ]);
  const externalOf = groupBy(external, (e) => e.instructorId);
  const internalOf = groupBy(internal, (b) => b.instructorId);
  const sessionsOf = groupBy(sessions, (s) => s.eventId);
  const bookedOf = groupBy(booked, (b) => b.eventId);
  return eventIds.map((eventId) => {
    const own = sessionsOf.get(eventId)!;
    const first = own[0]!;
    const spans = own.map((s) => ({ id: s.id, start: s.startsAt, end: s.endsAt }));
    return {
      id: eventId,
      title: first.title,
      lifecycle: first.lifecycle,
      timeZone: effectiveTimeZone(
        { timeZone: first.eventZone },
        first.locationZone ? { timeZone: first.locationZone } : null,
      ),
      location: first.locationId ? { id: first.locationId, name: first.locationName! } : null,
      sessions: own.map(({ id, startsAt, endsAt }) => ({ id, startsAt, endsAt })),
      instructors: (bookedOf.get(eventId) ?? []).map((person) => ({
        id: person.id,
        name: person.name,
        conflicts: conflictsFor(
          spans,
          externalOf.get(person.id) ?? [],
          (internalOf.get(person.id) ?? []).filter((b) => b.eventId !== eventId),
          person.timeZone,
          settings,
        ),
      })),
    };
  });
}

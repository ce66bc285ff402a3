import { and, asc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { assignments, eventResources, eventSessions, events, instructors, locations, venues } from "../schema";
import { isUuid } from "./ids";
import type { EventLifecycle } from "@/lib/training/schemas";

export type EventRow = typeof events.$inferSelect;
export type SessionRow = typeof eventSessions.$inferSelect;
export type LocationRow = typeof locations.$inferSelect;
export type VenueRow = typeof venues.$inferSelect;

export type EventDetail = {
  event: EventRow;
  /** The zone the event's times are shown in: its own, else its location's, else UTC. */
  timeZone: string;
  location: LocationRow | null;
  venue: VenueRow | null;
  sessions: SessionRow[];
  resources: (typeof eventResources.$inferSelect)[];
  instructors: { instructor: typeof instructors.$inferSelect; role: (typeof assignments.$inferSelect)["role"] }[];
};

export function effectiveTimeZone(event: Pick<EventRow, "timeZone">, location: Pick<LocationRow, "timeZone"> | null) {
  return event.timeZone ?? location?.timeZone ?? "UTC";
}

export async function getEventDetail(db: DbOrTx, id: string): Promise<EventDetail | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ event: events, location: locations, venue: venues })
    .from(events)
    .leftJoin(locations, eq(locations.id, events.locationId))
    .leftJoin(venues, eq(venues.id, events.venueId))
    .where(eq(events.id, id));
  if (!row) return null;
  const [sessions, resources, people] = await Promise.all([
    db.select().from(eventSessions).where(eq(eventSessions.eventId, id)).orderBy(asc(eventSessions.startsAt)),
    db.select().from(eventResources).where(eq(eventResources.eventId, id)).orderBy(asc(eventResources.name)),
    db
      .select({ instructor: instructors, role: assignments.role })
      .from(assignments)
      .innerJoin(instructors, eq(instructors.id, assignments.instructorId))
      .where(eq(assignments.eventId, id))
      .orderBy(asc(instructors.name)),
  ]);
  return { ...row, timeZone: effectiveTimeZone(row.event, row.location), sessions, resources, instructors: people };
}

export type EventListItem = {
  event: EventRow;
  timeZone: string;
  location: LocationRow | null;
  sessions: SessionRow[];
  instructorCount: number;
};

export type ListEventsParams = {
  lifecycle?: EventLifecycle;
  search?: string;
  /** Only events with a session ending after this instant. */
  endingAfter?: Date;
  limit?: number;
  offset?: number;
};

/** Events ordered by their first session. */
export async function listEvents(db: DbOrTx, params: ListEventsParams = {}): Promise<EventListItem[]> {
  const filters: SQL[] = [];
  if (params.lifecycle) filters.push(eq(events.lifecycle, params.lifecycle));
  if (params.search) {
    const pattern = `%${params.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(events.title, pattern), ilike(events.courseCode, pattern))!);
  }
  const firstStart = sql<Date>`(select min(${eventSessions.startsAt}) from ${eventSessions} where ${eventSessions.eventId} = ${events.id})`;
  if (params.endingAfter) {
    filters.push(
      sql`exists (select 1 from ${eventSessions} where ${eventSessions.eventId} = ${events.id} and ${eventSessions.endsAt} > ${params.endingAfter})`,
    );
  }
  const rows = await db
    .select({
      event: events,
      location: locations,
      instructorCount: sql<number>`(select count(*)::int from ${assignments} where ${assignments.eventId} = ${events.id})`,
    })
    .from(events)
    .leftJoin(locations, eq(locations.id, events.locationId))
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(asc(firstStart), asc(events.title))
    .limit(params.limit ?? 500)
    .offset(params.offset ?? 0);
  const ids = rows.map((r) => r.event.id);
  const sessions = ids.length
    ? await db.select().from(eventSessions).where(inArray(eventSessions.eventId, ids)).orderBy(asc(eventSessions.startsAt))
    : [];
  return rows.map((r) => ({
    ...r,
    timeZone: effectiveTimeZone(r.event, r.location),
    sessions: sessions.filter((s) => s.eventId === r.event.id),
  }));
}

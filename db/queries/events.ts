import { and, asc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { assignments, eventResources, eventSessions, events, instructors, locations, venues } from "../schema";
import { isUuid } from "./ids";
import { containsPattern } from "./like";
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
  const [detail] = await getEventDetails(db, [id]);
  return detail ?? null;
}

/** Full details of many events in five queries, whatever their number; unknown ids are left out. */
export async function getEventDetails(db: DbOrTx, ids: readonly string[]): Promise<EventDetail[]> {
  const valid = ids.filter(isUuid);
  if (!valid.length) return [];
  const [rows, sessions, resources, people] = await Promise.all([
    db
      .select({ event: events, location: locations, venue: venues })
      .from(events)
      .leftJoin(locations, eq(locations.id, events.locationId))
      .leftJoin(venues, eq(venues.id, events.venueId))
      .where(inArray(events.id, valid)),
    db.select().from(eventSessions).where(inArray(eventSessions.eventId, valid)).orderBy(asc(eventSessions.startsAt)),
    db.select().from(eventResources).where(inArray(eventResources.eventId, valid)).orderBy(asc(eventResources.name)),
    db
      .select({ eventId: assignments.eventId, instructor: instructors, role: assignments.role })
      .from(assignments)
      .innerJoin(instructors, eq(instructors.id, assignments.instructorId))
      .where(inArray(assignments.eventId, valid))
      .orderBy(asc(instructors.name)),
  ]);
  const byId = new Map(rows.map((r) => [r.event.id, r]));
  return valid.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        ...row,
        timeZone: effectiveTimeZone(row.event, row.location),
        sessions: sessions.filter((s) => s.eventId === id),
        resources: resources.filter((r) => r.eventId === id),
        instructors: people.filter((p) => p.eventId === id).map(({ instructor, role }) => ({ instructor, role })),
      },
    ];
  });
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
    const pattern = containsPattern(params.search);
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
    ? await db
        .select()
        .from(eventSessions)
        .where(inArray(eventSessions.eventId, ids))
        .orderBy(asc(eventSessions.startsAt))
    : [];
  return rows.map((r) => ({
    ...r,
    timeZone: effectiveTimeZone(r.event, r.location),
    sessions: sessions.filter((s) => s.eventId === r.event.id),
  }));
}

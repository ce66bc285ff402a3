import { and, asc, count, eq, ilike, or, type SQL } from "drizzle-orm";
import { conflictsFor, type Conflict } from "@/lib/sync/conflict-rules";
import { instructors, locations } from "../schema";
import type { DbOrTx } from "../types";
import { busyIntervals } from "./busy-intervals";
import { getConflictSettings } from "./conflict-settings";
import { groupBy } from "./event-conflicts";
import { instructorCalendars, noCalendar, type InstructorCalendar } from "./instructor-calendars";
import { internalBookings } from "./internal-bookings";
import type { InstructorRow } from "./instructors";
import { isUuid } from "./ids";
import { containsPattern } from "./like";

export type AvailabilityRow = { instructor: InstructorRow; calendar: InstructorCalendar; busy: Conflict[] };
export type AvailabilityPage = { rows: AvailabilityRow[]; total: number };

/**
 * One page of instructors and everything that makes them busy in [from, to): mirrored Outlook events
 * the organisation's rules count and their bookings on draft or active events. A fixed number of
 * queries per page. `locationId` keeps instructors based in that location's time zone.
 */
export async function availabilityPage(
  db: DbOrTx,
  input: { from: Date; to: Date; now: Date; search?: string; locationId?: string; page: number; pageSize: number },
): Promise<AvailabilityPage> {
  const where = await instructorFilter(db, input);
  if (where === null) return { rows: [], total: 0 };
  const [people, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select()
      .from(instructors)
      .where(where)
      .orderBy(asc(instructors.name), asc(instructors.id))
      .limit(input.pageSize)
      .offset(input.page * input.pageSize),
    db.select({ total: count() }).from(instructors).where(where),
  ]);
  return { total, rows: await busyOf(db, people, input) };
}

/** Everyone the grid lists, in its order (names only: their busy time is read a page at a time). */
export async function availabilityPeople(
  db: DbOrTx,
  input: { search?: string; locationId?: string },
): Promise<{ id: string; name: string }[]> {
  const where = await instructorFilter(db, input);
  if (where === null) return [];
  return db
    .select({ id: instructors.id, name: instructors.name })
    .from(instructors)
    .where(where)
    .orderBy(asc(instructors.name), asc(instructors.id));
}

/** The search and location filter; null when the location does not exist (nobody matches). */
async function instructorFilter(
  db: DbOrTx,
  input: { search?: string; locationId?: string },
): Promise<SQL | undefined | null> {
  const filters: (SQL | undefined)[] = [];
  if (input.search) {
    const pattern = containsPattern(input.search);
    filters.push(or(ilike(instructors.name, pattern), ilike(instructors.email, pattern)));
  }
  if (input.locationId) {
    const [location] = await db
      .select({ timeZone: locations.timeZone })
      .from(locations)
      .where(eq(locations.id, input.locationId));
    if (!location) return null;
    filters.push(eq(instructors.timeZone, location.timeZone));
  }
  return and(...filters);
}

/** One instructor's busy time in [from, to), or null when there is no such instructor. */
export async function instructorAvailability(
  db: DbOrTx,
  input: { instructorId: string; from: Date; to: Date; now: Date },
): Promise<AvailabilityRow | null> {
  if (!isUuid(input.instructorId)) return null;
  const people = await db.select().from(instructors).where(eq(instructors.id, input.instructorId));
  if (people.length === 0) return null;
  return (await busyOf(db, people, input))[0]!;
}

async function busyOf(
  db: DbOrTx,
  people: InstructorRow[],
  input: { from: Date; to: Date; now: Date },
): Promise<AvailabilityRow[]> {
  const ids = people.map((p) => p.id);
  const [settings, calendars, external, internal] = await Promise.all([
    getConflictSettings(db),
    instructorCalendars(db, ids, input.now),
    busyIntervals(db, { instructorIds: ids, from: input.from, to: input.to }),
    internalBookings(db, { instructorIds: ids, from: input.from, to: input.to }),
  ]);
  const externalOf = groupBy(external, (e) => e.instructorId);
  const internalOf = groupBy(internal, (b) => b.instructorId);
  const range = [{ id: "range", start: input.from, end: input.to }];
  return people.map((instructor) => ({
    instructor,
    calendar: calendars.get(instructor.id) ?? noCalendar,
    busy: conflictsFor(
      range,
      externalOf.get(instructor.id) ?? [],
      internalOf.get(instructor.id) ?? [],
      instructor.timeZone,
      settings,
    ),
  }));
}

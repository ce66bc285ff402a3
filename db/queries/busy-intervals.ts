import { and, asc, eq, inArray, not, sql } from "drizzle-orm";
import { calendarConnections, externalEvents } from "../schema";
import type { DbOrTx } from "../types";

export type BusyInterval = {
  instructorId: string;
  startsAt: Date;
  endsAt: Date;
  /** All-day items: their dates (end exclusive); startsAt/endsAt are local midnights in the instructor's zone. */
  allDayStartDate: string | null;
  allDayEndDate: string | null;
  showAs: typeof externalEvents.$inferSelect.showAs;
  response: typeof externalEvents.$inferSelect.response;
  isCancelled: boolean;
  isPrivate: boolean;
  /** Null for private events and whenever the connection is in Full Private Mode. */
  title: string | null;
  privacyMode: typeof calendarConnections.$inferSelect.privacyMode;
};

/** The mirror's columns of a busy interval, privacy applied; shared by every busy-time read. */
export const busyIntervalColumns = {
  instructorId: calendarConnections.instructorId,
  startsAt: externalEvents.startsAt,
  endsAt: externalEvents.endsAt,
  allDayStartDate: externalEvents.allDayStartDate,
  allDayEndDate: externalEvents.allDayEndDate,
  showAs: externalEvents.showAs,
  response: externalEvents.response,
  isCancelled: externalEvents.isCancelled,
  isPrivate: externalEvents.isPrivate,
  // Full Private Mode stores no titles; this holds even for rows written before a switch was purged.
  title: sql<
    string | null
  >`case when ${calendarConnections.privacyMode} = 'full_private' then null else ${externalEvents.title} end`,
  privacyMode: calendarConnections.privacyMode,
};

/**
 * Mirrored Outlook events of many instructors overlapping [from, to), in one range query: the GiST
 * index on (connection_id, during) answers it per connection. Our own pushed entries are never
 * external busy time and are left out. `blockingOnly` keeps what makes someone unavailable
 * (Conflicts): not cancelled, not declined, not shown as free or working elsewhere; without it every
 * mirrored event comes back with its flags (`/busy`).
 */
export async function busyIntervals(db: DbOrTx, input: BusyQuery): Promise<BusyInterval[]> {
  if (input.instructorIds.length === 0 || input.to <= input.from) return [];
  return busyIntervalsQuery(db, input);
}

export type BusyQuery = { instructorIds: string[]; from: Date; to: Date; blockingOnly?: boolean };

/** The query itself, for EXPLAIN in tests. */
export function busyIntervalsQuery(db: DbOrTx, input: BusyQuery) {
  const range = sql`tstzrange(${input.from.toISOString()}::timestamptz, ${input.to.toISOString()}::timestamptz, '[)')`;
  const blocking = input.blockingOnly
    ? [
        eq(externalEvents.isCancelled, false),
        sql`${externalEvents.response} is distinct from 'declined'`,
        not(inArray(externalEvents.showAs, ["free", "workingElsewhere"])),
      ]
    : [];
  return (
    db
      .select(busyIntervalColumns)
      .from(calendarConnections)
      .innerJoin(
        externalEvents,
        and(eq(externalEvents.connectionId, calendarConnections.id), sql`${externalEvents.during} && ${range}`),
      )
      .where(
        and(
          inArray(calendarConnections.instructorId, input.instructorIds),
          eq(externalEvents.isOurs, false),
          ...blocking,
        ),
      )
      // Fully ordered (start, end, id): the same mirror always reads back the same way.
      .orderBy(
        asc(calendarConnections.instructorId),
        asc(externalEvents.startsAt),
        asc(externalEvents.endsAt),
        asc(externalEvents.graphId),
      )
  );
}

import { and, asc, eq, gt, inArray, lt, ne } from "drizzle-orm";
import type { InternalItem } from "@/lib/sync/conflict-rules";
import { assignments, eventSessions, events } from "../schema";
import type { DbOrTx } from "../types";

export type InternalBooking = InternalItem & { instructorId: string; sessionId: string };

/**
 * Sessions of draft or active events the given instructors are booked on that overlap [from, to),
 * in one query; `exceptEventId` leaves the event being planned out.
 */
export async function internalBookings(
  db: DbOrTx,
  input: { instructorIds: string[]; from: Date; to: Date; exceptEventId?: string },
): Promise<InternalBooking[]> {
  if (input.instructorIds.length === 0 || input.to <= input.from) return [];
  return db
    .select({
      instructorId: assignments.instructorId,
      eventId: events.id,
      eventTitle: events.title,
      lifecycle: events.lifecycle,
      sessionId: eventSessions.id,
      start: eventSessions.startsAt,
      end: eventSessions.endsAt,
    })
    .from(assignments)
    .innerJoin(events, eq(events.id, assignments.eventId))
    .innerJoin(eventSessions, eq(eventSessions.eventId, events.id))
    .where(
      and(
        inArray(assignments.instructorId, input.instructorIds),
        inArray(events.lifecycle, ["draft", "active"]),
        lt(eventSessions.startsAt, input.to),
        gt(eventSessions.endsAt, input.from),
        input.exceptEventId ? ne(events.id, input.exceptEventId) : undefined,
      ),
    )
    .orderBy(asc(assignments.instructorId), asc(eventSessions.startsAt));
}

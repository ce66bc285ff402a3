import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { isLive } from "@/lib/sync/connection-state";
import { assignments, calendarConnections, eventSessions, events, instructors, pushEntries } from "../schema";
import type { DbOrTx } from "../types";
import { isUuid } from "./ids";

/** How one (instructor, session) of an event stands in Outlook, as the event page and the API show it. */
export const pushStatuses = ["pending", "in_outlook", "failed", "not_connected"] as const;
export type PushStatus = (typeof pushStatuses)[number];

export type EventPushStatus = {
  instructorId: string;
  sessionId: string;
  status: PushStatus;
  outlookEventId: string | null;
  lastAttemptAt: Date | null;
  error: string | null;
};

/**
 * The push status of every booked instructor × session of an event; null when there is no such
 * event. On an active event: not_connected without a live connection (never connected, Reconnect
 * needed, disconnecting), else the entry's state, pending until one is recorded. On a draft or
 * cancelled event nothing is wanted in Outlook: only entries still being removed are listed (pending).
 */
export async function getEventPushStatus(db: DbOrTx, eventId: string): Promise<EventPushStatus[] | null> {
  if (!isUuid(eventId)) return null;
  const [event] = await db.select({ lifecycle: events.lifecycle }).from(events).where(eq(events.id, eventId));
  if (!event) return null;
  const entries = await db.select().from(pushEntries).where(eq(pushEntries.eventId, eventId));
  const entryOf = new Map(entries.map((e) => [`${e.instructorId}/${e.sessionId}`, e]));
  if (event.lifecycle !== "active")
    return entries.map((e) => ({
      instructorId: e.instructorId,
      sessionId: e.sessionId,
      status: "pending",
      outlookEventId: e.outlookEventId,
      lastAttemptAt: e.lastAttemptAt,
      error: e.error,
    }));
  const [booked, sessions] = await Promise.all([
    db
      .select({ instructorId: assignments.instructorId, connectionStatus: calendarConnections.status })
      .from(assignments)
      .innerJoin(instructors, eq(instructors.id, assignments.instructorId))
      .leftJoin(calendarConnections, eq(calendarConnections.instructorId, assignments.instructorId))
      .where(eq(assignments.eventId, eventId))
      .orderBy(asc(instructors.name), asc(instructors.id)),
    db
      .select({ id: eventSessions.id })
      .from(eventSessions)
      .where(eq(eventSessions.eventId, eventId))
      .orderBy(asc(eventSessions.startsAt), asc(eventSessions.id)),
  ]);
  return booked.flatMap(({ instructorId, connectionStatus }) =>
    sessions.map(({ id: sessionId }) => {
      const entry = entryOf.get(`${instructorId}/${sessionId}`);
      const status: PushStatus = !isLive(connectionStatus)
        ? "not_connected"
        : entry?.status === "in_outlook" || entry?.status === "failed"
          ? entry.status
          : "pending";
      return {
        instructorId,
        sessionId,
        status,
        outlookEventId: entry?.outlookEventId ?? null,
        lastAttemptAt: entry?.lastAttemptAt ?? null,
        error: status === "failed" ? (entry?.error ?? null) : null,
      };
    }),
  );
}

/** Per instructor: entries confirmed in Outlook and entries whose last attempt failed (Calendar Integration). */
export async function pushCountsByInstructor(
  db: DbOrTx,
  instructorIds: readonly string[],
): Promise<Map<string, { pushed: number; failed: number }>> {
  const ids = instructorIds.filter(isUuid);
  if (!ids.length) return new Map();
  const rows = await db
    .select({
      instructorId: pushEntries.instructorId,
      pushed: sql<number>`count(*) filter (where ${pushEntries.status} = 'in_outlook')::int`,
      failed: sql<number>`count(*) filter (where ${pushEntries.status} = 'failed')::int`,
    })
    .from(pushEntries)
    .where(and(inArray(pushEntries.instructorId, ids)))
    .groupBy(pushEntries.instructorId);
  return new Map(rows.map((r) => [r.instructorId, { pushed: r.pushed, failed: r.failed }]));
}

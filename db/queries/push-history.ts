import { desc, eq } from "drizzle-orm";
import type { PushHistoryAction } from "@/lib/sync/push-history-action";
import { eventSessions, instructors, pushHistory } from "../schema";
import type { DbOrTx } from "../types";
import { isUuid } from "./ids";

export type PushHistoryRow = {
  id: string;
  at: Date;
  action: PushHistoryAction;
  instructorId: string;
  /** Null once the instructor was deleted. */
  instructorName: string | null;
  sessionId: string;
  /** The session's times now; null once the session was removed from the event. */
  session: { name: string | null; startsAt: Date; endsAt: Date } | null;
  trigger: string | null;
  error: string | null;
};

/** The newest `limit` lines of an event's push history, newest first (the event page's list). */
export async function eventPushHistory(db: DbOrTx, eventId: string, limit = 100): Promise<PushHistoryRow[]> {
  if (!isUuid(eventId)) return [];
  const rows = await db
    .select({
      id: pushHistory.id,
      at: pushHistory.at,
      action: pushHistory.action,
      instructorId: pushHistory.instructorId,
      instructorName: instructors.name,
      sessionId: pushHistory.sessionId,
      sessionName: eventSessions.name,
      startsAt: eventSessions.startsAt,
      endsAt: eventSessions.endsAt,
      trigger: pushHistory.trigger,
      error: pushHistory.error,
    })
    .from(pushHistory)
    .leftJoin(instructors, eq(instructors.id, pushHistory.instructorId))
    .leftJoin(eventSessions, eq(eventSessions.id, pushHistory.sessionId))
    .where(eq(pushHistory.eventId, eventId))
    .orderBy(desc(pushHistory.at), desc(pushHistory.id))
    .limit(limit);
  return rows.map(({ sessionName, startsAt, endsAt, action, ...row }) => ({
    ...row,
    action: action as PushHistoryAction,
    session: startsAt && endsAt ? { name: sessionName, startsAt, endsAt } : null,
  }));
}

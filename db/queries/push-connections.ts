import { and, eq, inArray, or, sql } from "drizzle-orm";
import { assignments, calendarConnections, events, pushEntries } from "../schema";
import type { DbOrTx } from "../types";
import { isUuid } from "./ids";
import type { PushScope } from "./push-desired-state";

const liveStatuses = ["connected", "syncing"] as const;

/**
 * The live connections a push of `scope` may touch: those of the instructors booked in it and those
 * holding an entry in it (an unassigned booking or a deleted event still has its entries to remove).
 */
export async function liveConnectionsInScope(db: DbOrTx, scope: PushScope): Promise<string[]> {
  const eventIds = (scope.eventIds ?? []).filter(isUuid);
  const instructorIds = (scope.instructorIds ?? []).filter(isUuid);
  const assignmentIds = (scope.assignmentIds ?? []).filter(isUuid);
  const conditions = [
    instructorIds.length ? inArray(calendarConnections.instructorId, instructorIds) : undefined,
    eventIds.length
      ? sql`${calendarConnections.instructorId} in (select ${assignments.instructorId} from ${assignments} where ${inArray(assignments.eventId, eventIds)})`
      : undefined,
    assignmentIds.length
      ? sql`${calendarConnections.instructorId} in (select ${assignments.instructorId} from ${assignments} where ${inArray(assignments.id, assignmentIds)})`
      : undefined,
    eventIds.length || assignmentIds.length
      ? sql`${calendarConnections.id} in (select ${pushEntries.connectionId} from ${pushEntries} where ${or(
          eventIds.length ? inArray(pushEntries.eventId, eventIds) : undefined,
          assignmentIds.length ? inArray(pushEntries.assignmentId, assignmentIds) : undefined,
        )})`
      : undefined,
  ].filter((c) => c !== undefined);
  if (!conditions.length) return [];
  const rows = await db
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .where(and(inArray(calendarConnections.status, [...liveStatuses]), or(...conditions)));
  return rows.map((r) => r.id);
}

/**
 * What the hourly cycle converges: every live connection with an entry not confirmed in Outlook, an
 * entry no longer wanted, or a booking on an active event (an entry never recorded, say after a
 * lost trigger).
 */
export async function liveConnectionsToConverge(db: DbOrTx): Promise<{ id: string }[]> {
  return db
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .where(
      and(
        inArray(calendarConnections.status, [...liveStatuses]),
        or(
          sql`exists (select 1 from ${pushEntries} where ${pushEntries.connectionId} = ${calendarConnections.id} and ${pushEntries.status} <> 'in_outlook')`,
          // An entry nobody wants any more (its booking or event deleted, the event not active) whose push was lost.
          sql`exists (select 1 from ${pushEntries} where ${pushEntries.connectionId} = ${calendarConnections.id} and not exists (select 1 from ${assignments} join ${events} on ${eq(events.id, assignments.eventId)} where ${assignments.id} = ${pushEntries.assignmentId} and ${events.lifecycle} = 'active'))`,
          sql`exists (select 1 from ${assignments} join ${events} on ${eq(events.id, assignments.eventId)} where ${assignments.instructorId} = ${calendarConnections.instructorId} and ${events.lifecycle} = 'active')`,
        ),
      ),
    );
}

import { eq } from "drizzle-orm";
import { conflictsFor, internalConflicts, type Conflict } from "@/lib/sync/conflict-rules";
import { adminUsers, assignments } from "../schema";
import type { DbOrTx } from "../types";
import { getConflictSettings } from "./conflict-settings";
import { getEventDetail, type EventDetail } from "./events";
import { instructorCalendars, noCalendar, type InstructorCalendar } from "./instructor-calendars";
import { internalBookings } from "./internal-bookings";
import { listInstructors, type InstructorRow } from "./instructors";
import { sessionConflictCounts } from "./conflict-counts";
import { sessionBusyIntervals } from "./session-busy";

export type ConflictOverride = { count: number; at: Date; byName: string | null };

export type CandidateConflicts = {
  instructor: InstructorRow;
  /** Booked on this event already: the role, and the conflicts an admin confirmed when booking. */
  assignment: { role: string; override: ConflictOverride | null } | null;
  calendar: InstructorCalendar;
  conflicts: Conflict[];
};

export type EventConflictBoard = { detail: EventDetail; candidates: CandidateConflicts[] };

/** Other bookings are looked for a day either side of the sessions' span (then matched per session). */
const DAY = 24 * 3_600_000;

/** The one range the mirror is asked about for an event: its sessions' span, a day either side. */
export function boardRange(sessions: { start: Date; end: Date }[]) {
  return {
    from: new Date(Math.min(...sessions.map((s) => s.start.getTime())) - DAY),
    to: new Date(Math.max(...sessions.map((s) => s.end.getTime())) + DAY),
  };
}

/**
 * Every instructor's conflicts with an event's sessions, each one in full (the conflicts API, the
 * server's check before booking, one instructor's expanded list): a fixed number of queries whatever
 * the number of instructors (one query over the mirror for all of them and every session, one for
 * their other bookings, one for their calendars' state), then the pure rules.
 */
export async function eventConflictBoard(
  db: DbOrTx,
  input: { eventId: string; now: Date; instructorIds?: string[] },
): Promise<EventConflictBoard | null> {
  const base = await boardBase(db, input);
  if (!base) return null;
  const { detail, people, sessions, settings } = base;
  const external = await sessionBusyIntervals(db, { instructorIds: people.map((p) => p.id), sessions, settings });
  const externalOf = groupBy(external, (e) => e.instructorId);
  return {
    detail,
    candidates: people.map((instructor) => ({
      ...base.candidate(instructor),
      conflicts: conflictsFor(
        sessions,
        externalOf.get(instructor.id) ?? [],
        base.internalOf.get(instructor.id) ?? [],
        instructor.timeZone,
        settings,
      ),
    })),
  };
}

export type CandidateSummary = Omit<CandidateConflicts, "conflicts"> & {
  conflictCount: number;
  /** Conflicts that are only tentative (a tentative Outlook event or a tentative acceptance). */
  tentativeCount: number;
};

/**
 * The assignment panel's read model: every instructor with the number of their conflicts, counted in
 * the database (conflict-counts.ts); the conflicts themselves are read when a planner expands one.
 */
export async function eventConflictSummary(
  db: DbOrTx,
  input: { eventId: string; now: Date },
): Promise<{ detail: EventDetail; candidates: CandidateSummary[] } | null> {
  const base = await boardBase(db, input);
  if (!base) return null;
  const { detail, people, sessions, settings } = base;
  // The panel lists every instructor (boardBase without a filter): the counts are asked for everyone.
  const counts = await sessionConflictCounts(db, { instructorIds: "everyone", sessions, settings });
  return {
    detail,
    candidates: people.map((instructor) => {
      const external = counts.get(instructor.id);
      const internal = internalConflicts(sessions, base.internalOf.get(instructor.id) ?? []).length;
      return {
        ...base.candidate(instructor),
        conflictCount: (external?.count ?? 0) + internal,
        tentativeCount: external?.tentative ?? 0,
      };
    }),
  };
}

/** What both read models share: the event, its candidates, their calendars, other bookings and overrides. */
async function boardBase(db: DbOrTx, input: { eventId: string; now: Date; instructorIds?: string[] }) {
  const detail = await getEventDetail(db, input.eventId);
  if (!detail) return null;
  const everyone = await listInstructors(db);
  const people = input.instructorIds ? everyone.filter((i) => input.instructorIds!.includes(i.id)) : everyone;
  const ids = people.map((p) => p.id);
  const sessions = detail.sessions.map((s) => ({ id: s.id, start: s.startsAt, end: s.endsAt }));
  const hasSessions = sessions.length > 0;
  const [settings, calendars, internal, overrides] = await Promise.all([
    getConflictSettings(db),
    instructorCalendars(db, ids, input.now),
    hasSessions
      ? internalBookings(db, { instructorIds: ids, ...boardRange(sessions), exceptEventId: input.eventId })
      : [],
    db
      .select({
        instructorId: assignments.instructorId,
        count: assignments.conflictOverrideCount,
        at: assignments.conflictOverrideAt,
        byName: adminUsers.name,
      })
      .from(assignments)
      .leftJoin(adminUsers, eq(adminUsers.id, assignments.conflictOverrideBy))
      .where(eq(assignments.eventId, input.eventId)),
  ]);
  const roles = new Map(detail.instructors.map((a) => [a.instructor.id, a.role]));
  const overrideOf = new Map(overrides.map((o) => [o.instructorId, o]));
  const candidate = (instructor: InstructorRow): Omit<CandidateConflicts, "conflicts"> => {
    const role = roles.get(instructor.id);
    const o = overrideOf.get(instructor.id);
    return {
      instructor,
      assignment: role
        ? { role, override: o?.count && o.at ? { count: o.count, at: o.at, byName: o.byName } : null }
        : null,
      calendar: calendars.get(instructor.id) ?? noCalendar,
    };
  };
  return {
    detail,
    people,
    sessions,
    settings,
    candidate,
    internalOf: groupBy(internal, (b) => b.instructorId),
  };
}

export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

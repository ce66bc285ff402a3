import type { CandidateConflicts } from "@/db/queries/event-conflicts";
import { formatSessionRange } from "@/lib/time/format";
import { toZoned } from "@/lib/time/zoned";
import { conflictView, type ConflictView } from "./conflict-view";

/** What the mini-timeline of one session shows: the session against the conflicts it hits. */
export type SessionConflictsView = {
  sessionId: string;
  /** "Session 2 · Tue 12 Jan 2027, 09:00–17:00 EST" (the event's zone). */
  label: string;
  /** The strip's ends, as the event's clock reads them. */
  axis: { start: string; end: string };
  /** Where the session sits on the strip, per cent. */
  session: { left: number; width: number };
  conflicts: (ConflictView & { left: number; width: number })[];
};

/** The strip shows an hour before and after the session. */
const MARGIN = 3_600_000;

/**
 * An instructor's conflicts grouped by the session they hit, in session order; a session without
 * conflicts is left out. The same conflict appears under each session it hits (an all-day offsite over
 * two sessions is two lines, each under its session), never twice under one.
 */
export function sessionConflictViews(
  candidate: CandidateConflicts,
  sessions: { id: string; name: string | null; startsAt: Date; endsAt: Date }[],
  eventZone: string,
): SessionConflictsView[] {
  return sessions.flatMap((session, index) => {
    const hits = candidate.conflicts.filter((c) => c.sessionId === session.id);
    if (hits.length === 0) return [];
    const from = session.startsAt.getTime() - MARGIN;
    const to = session.endsAt.getTime() + MARGIN;
    const place = (start: Date, end: Date) => {
      const left = Math.max(0, ((start.getTime() - from) / (to - from)) * 100);
      const right = Math.min(100, ((end.getTime() - from) / (to - from)) * 100);
      return { left: round(left), width: round(Math.max(right - left, 0.8)) };
    };
    const seen = new Set<string>();
    const conflicts = hits.flatMap((c, i) => {
      const view = conflictView(c, eventZone, candidate.instructor.timeZone, i);
      const identity = `${view.source}|${view.title}|${view.when}|${view.label}`;
      if (seen.has(identity)) return [];
      seen.add(identity);
      return [{ ...view, key: `${session.id}-${i}`, ...place(c.start, c.end) }];
    });
    return [
      {
        sessionId: session.id,
        label: `${session.name || `Session ${index + 1}`} · ${formatSessionRange(session.startsAt, session.endsAt, eventZone)}`,
        axis: { start: clock(from, eventZone), end: clock(to, eventZone) },
        session: place(session.startsAt, session.endsAt),
        conflicts,
      },
    ];
  });
}

const round = (n: number) => Math.round(n * 10) / 10;
const clock = (at: number, zone: string) => toZoned(new Date(at), zone).toFormat("HH:mm");

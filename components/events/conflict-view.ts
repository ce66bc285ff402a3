import { DateTime } from "luxon";
import type { CandidateConflicts, CandidateSummary } from "@/db/queries/event-conflicts";
import { privacyModes } from "@/lib/connect/what-is-shared";
import { availabilityStateLabels, type AvailabilityState } from "@/lib/sync/availability-state";
import type { Conflict } from "@/lib/sync/conflict-rules";
import { formatDateTime, formatSessionRange } from "@/lib/time/format";

/** What the assignment panel shows of one instructor, formatted on the server (plain, serialisable). */
export type PanelRow = {
  id: string;
  name: string;
  email: string;
  assigned: { role: string; override: string | null } | null;
  calendar: { state: AvailabilityState; tooltip: string };
  /** The badge's number; the conflicts themselves are read when it is expanded. */
  conflictCount: number;
  /** Every conflict is only tentative. */
  tentativeOnly: boolean;
};

export type ConflictView = {
  key: string;
  source: Conflict["source"];
  title: string;
  /** In the event's local time. */
  when: string;
  /** In the instructor's own zone, when it reads differently; null otherwise. */
  own: string | null;
  label: string;
  tentative: boolean;
};

/** "Tue 1 Dec 2026" or "Tue 1 Dec – Wed 2 Dec 2026": all-day events as dates (their end date is exclusive). */
export function formatAllDay(startDate: string, endDate: string): string {
  const start = DateTime.fromISO(startDate);
  const last = DateTime.fromISO(endDate).minus({ days: 1 });
  if (last <= start) return `${start.toFormat("ccc d LLL yyyy")} (all day)`;
  return `${start.toFormat("ccc d LLL")} – ${last.toFormat("ccc d LLL yyyy")} (all day)`;
}

export function conflictView(
  conflict: Conflict,
  eventZone: string,
  instructorZone: string,
  index: number,
): ConflictView {
  const when = conflict.allDayStartDate
    ? formatAllDay(conflict.allDayStartDate, conflict.allDayEndDate ?? conflict.allDayStartDate)
    : formatSessionRange(conflict.start, conflict.end, eventZone);
  const own =
    conflict.allDayStartDate || instructorZone === eventZone
      ? null
      : formatSessionRange(conflict.start, conflict.end, instructorZone);
  return {
    key: `${conflict.sessionId}-${index}`,
    source: conflict.source,
    title: conflict.title,
    when,
    own: own === when ? null : own,
    label: conflict.tentative ? `${conflict.label} (tentative)` : conflict.label,
    tentative: conflict.tentative,
  };
}

export function calendarTooltip(calendar: CandidateConflicts["calendar"], zone: string): string {
  const parts: string[] = [];
  if (calendar.state !== "synced") parts.push(availabilityStateLabels[calendar.state]);
  if (calendar.privacyMode) parts.push(privacyModes[calendar.privacyMode].label);
  if (calendar.privacyMode)
    parts.push(calendar.lastPullAt ? `Last synced ${formatDateTime(calendar.lastPullAt, zone)}` : "Never synced");
  return parts.join(" · ");
}

export function panelRow(candidate: CandidateSummary, eventZone: string): PanelRow {
  const { instructor, assignment, calendar, conflictCount, tentativeCount } = candidate;
  const override = assignment?.override;
  return {
    id: instructor.id,
    name: instructor.name,
    email: instructor.email,
    assigned: assignment
      ? {
          role: assignment.role,
          override: override
            ? `Assigned despite ${override.count} conflict${override.count === 1 ? "" : "s"}, confirmed by ${
                override.byName ?? "a former admin"
              } on ${formatDateTime(override.at, eventZone)}`
            : null,
        }
      : null,
    calendar: { state: calendar.state, tooltip: calendarTooltip(calendar, eventZone) },
    conflictCount,
    tentativeOnly: conflictCount > 0 && tentativeCount === conflictCount,
  };
}

import { DateTime } from "luxon";
import type { ConflictSettings } from "./conflict-settings";

/**
 * Conflict maths (pure): which mirrored Outlook events and which other bookings stop an instructor
 * from teaching a session. Intervals are half-open [start, end).
 */
export type Interval = { start: Date; end: Date };
export type Session = Interval & { id: string };

export type ShowAs = "unknown" | "free" | "tentative" | "busy" | "oof" | "workingElsewhere";
export type Response = "none" | "organizer" | "tentativelyAccepted" | "accepted" | "declined" | "notResponded";

/** A mirror row as the busy-interval query returns it. */
export type ExternalItem = {
  startsAt: Date;
  endsAt: Date;
  allDayStartDate: string | null;
  allDayEndDate: string | null;
  showAs: ShowAs;
  response: Response | null;
  isCancelled: boolean;
  isPrivate: boolean;
  isOurs?: boolean;
  title: string | null;
  privacyMode: "default" | "full_private";
};

/** Another booking of the instructor: a session of another draft or active event. */
export type InternalItem = Interval & { eventId: string; eventTitle: string; lifecycle: string };

export type Conflict = {
  source: "external" | "internal";
  sessionId: string;
  start: Date;
  end: Date;
  allDay: boolean;
  /** All-day events: their dates, end exclusive. */
  allDayStartDate: string | null;
  allDayEndDate: string | null;
  /** What a planner may see: the title, or "Busy" / "Private". */
  title: string;
  showAs: ShowAs | null;
  response: Response | null;
  tentative: boolean;
  /** "Busy", "Tentative · Accepted", "Internal booking (draft)" … */
  label: string;
  eventId: string | null;
};

export const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/**
 * The time an external event takes: an all-day event covers its whole dates in the instructor's
 * home zone (its stored instants may be from an earlier zone), anything else its own instants.
 */
export function externalInterval(item: ExternalItem, homeZone: string): Interval {
  if (item.allDayStartDate && item.allDayEndDate) {
    const day = (date: string) => DateTime.fromISO(date, { zone: homeZone }).startOf("day").toJSDate();
    return { start: day(item.allDayStartDate), end: day(item.allDayEndDate) };
  }
  return { start: item.startsAt, end: item.endsAt };
}

/** Whether an external event blocks the instructor, by the organisation's settings, and whether only tentatively. */
export function externalVerdict(
  item: ExternalItem,
  settings: ConflictSettings,
): { blocks: boolean; tentative: boolean } {
  const tentative = item.showAs === "tentative" || item.response === "tentativelyAccepted";
  const verdict = (blocks: boolean) => ({ blocks, tentative: blocks && tentative });
  if (item.isOurs) return verdict(false);
  if (item.isCancelled) return verdict(settings.cancelled);
  if (item.response === "declined") return verdict(settings.declined);
  switch (item.showAs) {
    case "free":
      return verdict(item.allDayStartDate ? settings.free && settings.freeAllDay : settings.free);
    case "tentative":
      return verdict(settings.tentative);
    case "oof":
      return verdict(settings.oof);
    case "workingElsewhere":
      return verdict(settings.workingElsewhere);
    default:
      return { blocks: tentative ? settings.tentative : true, tentative };
  }
}

export const showAsLabels: Record<ShowAs, string> = {
  unknown: "Busy",
  free: "Free",
  tentative: "Tentative",
  busy: "Busy",
  oof: "Out of office",
  workingElsewhere: "Working elsewhere",
};
const responseLabels: Partial<Record<Response, string>> = {
  organizer: "Organiser",
  accepted: "Accepted",
  tentativelyAccepted: "Tentatively accepted",
  declined: "Declined",
  notResponded: "Not responded",
};

/** Full Private Mode and private events never show a title. */
export function visibleTitle(item: Pick<ExternalItem, "privacyMode" | "isPrivate" | "title">): string {
  if (item.privacyMode === "full_private") return "Busy";
  if (item.isPrivate) return "Private";
  return item.title?.trim() || "Busy";
}

export function rsvpLabel(item: Pick<ExternalItem, "showAs" | "response" | "isCancelled">): string {
  const parts = [showAsLabels[item.showAs]];
  const response = item.response ? responseLabels[item.response] : undefined;
  if (response) parts.push(response);
  if (item.isCancelled) parts.push("Cancelled");
  return parts.join(" · ");
}

/** Every (session, external event) pair that conflicts, sessions in order. */
export function externalConflicts(
  sessions: Session[],
  items: ExternalItem[],
  homeZone: string,
  settings: ConflictSettings,
): Conflict[] {
  const found: Conflict[] = [];
  for (const item of items) {
    const { blocks, tentative } = externalVerdict(item, settings);
    if (!blocks) continue;
    const interval = externalInterval(item, homeZone);
    const allDay = Boolean(item.allDayStartDate && item.allDayEndDate);
    for (const session of sessions) {
      if (!overlaps(interval, session)) continue;
      found.push({
        source: "external",
        sessionId: session.id,
        start: interval.start,
        end: interval.end,
        allDay,
        allDayStartDate: allDay ? item.allDayStartDate : null,
        allDayEndDate: allDay ? item.allDayEndDate : null,
        title: visibleTitle(item),
        showAs: item.showAs,
        response: item.response,
        tentative,
        label: rsvpLabel(item),
        eventId: null,
      });
    }
  }
  return found;
}

/** Sessions of the instructor's other draft or active bookings that overlap one of ours. */
export function internalConflicts(sessions: Session[], bookings: InternalItem[]): Conflict[] {
  return bookings.flatMap((b) =>
    sessions
      .filter((s) => overlaps(b, s))
      .map((s): Conflict => ({
        source: "internal",
        sessionId: s.id,
        start: b.start,
        end: b.end,
        allDay: false,
        allDayStartDate: null,
        allDayEndDate: null,
        title: b.eventTitle,
        showAs: null,
        response: null,
        tentative: false,
        label: `Internal booking (${b.lifecycle})`,
        eventId: b.eventId,
      })),
  );
}

/** Both kinds, by session then start. */
export function conflictsFor(
  sessions: Session[],
  external: ExternalItem[],
  internal: InternalItem[],
  homeZone: string,
  settings: ConflictSettings,
): Conflict[] {
  const order = new Map(sessions.map((s, i) => [s.id, i]));
  return [...externalConflicts(sessions, external, homeZone, settings), ...internalConflicts(sessions, internal)].sort(
    (a, b) => order.get(a.sessionId)! - order.get(b.sessionId)! || a.start.getTime() - b.start.getTime(),
  );
}

/**
 * What a mailbox stores for an event (graph-behaviour.md §1). Instants are epoch ms; wall-clock
 * strings keep what Outlook shows in the event's own zone, which all-day events and recurrence
 * expansion need. Occurrences are never stored: they are derived from a series master on read.
 */

export type EventType = "singleInstance" | "occurrence" | "exception" | "seriesMaster";
export type ShowAs = "unknown" | "free" | "tentative" | "busy" | "oof" | "workingElsewhere";
export type Sensitivity = "normal" | "personal" | "private" | "confidential";
export type Importance = "low" | "normal" | "high";
export type ResponseType = "none" | "organizer" | "tentativelyAccepted" | "accepted" | "declined" | "notResponded";
export type DayOfWeek = "sunday" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday";
export type WeekIndex = "first" | "second" | "third" | "fourth" | "last";
export type PatternType =
  "daily" | "weekly" | "absoluteMonthly" | "relativeMonthly" | "absoluteYearly" | "relativeYearly";
export type RangeType = "endDate" | "noEnd" | "numbered";

export type EmailAddress = { name: string; address: string };
export type ResponseStatus = { response: ResponseType; time: string };
export type Attendee = {
  type: "required" | "optional" | "resource";
  status: ResponseStatus;
  emailAddress: EmailAddress;
};

/** Graph `location`, kept as Graph shapes it (free-form sub-objects pass through). */
export type GraphLocation = {
  displayName: string;
  locationType: string;
  uniqueId?: string;
  uniqueIdType: string;
  address?: Record<string, unknown>;
  coordinates?: Record<string, unknown>;
  locationEmailAddress?: string;
  locationUri?: string;
};

export type RecurrencePattern = {
  type: PatternType;
  interval: number;
  month: number;
  dayOfMonth: number;
  daysOfWeek: DayOfWeek[];
  firstDayOfWeek: DayOfWeek;
  index: WeekIndex;
};

export type RecurrenceRange = {
  type: RangeType;
  startDate: string;
  /** "0001-01-01" unless type is endDate, as Graph returns it. */
  endDate: string;
  recurrenceTimeZone: string;
  numberOfOccurrences: number;
};

export type PatternedRecurrence = { pattern: RecurrencePattern; range: RecurrenceRange };
export type ExtendedProperty = { id: string; value: string };

export type StoredEvent = {
  id: string;
  calendarId: string;
  type: EventType;
  seriesMasterId: string | null;
  /** Set on exceptions (and derived occurrences): the slot's start before it was moved. */
  originalStartMs: number | null;

  startMs: number;
  endMs: number;
  /** Wall clock in `startTimeZone`, "YYYY-MM-DDTHH:mm:ss" (no fraction, no offset). */
  startLocal: string;
  endLocal: string;
  /** Zone names as the client gave them; also `originalStartTimeZone` / `originalEndTimeZone`. */
  startTimeZone: string;
  endTimeZone: string;
  isAllDay: boolean;

  createdMs: number;
  lastModifiedMs: number;
  /** Bumped on every change; changeKey derives from it. */
  version: number;
  changeKey: string;
  iCalUId: string;
  transactionId: string | null;

  subject: string;
  /** Stored as HTML (what Graph returns by default) plus the plain text it came from. */
  bodyHtml: string;
  bodyText: string;
  importance: Importance;
  sensitivity: Sensitivity;
  showAs: ShowAs;
  isCancelled: boolean;
  isOrganizer: boolean;
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  responseRequested: boolean;
  allowNewTimeProposals: boolean;
  hideAttendees: boolean;
  isDraft: boolean;
  responseStatus: ResponseStatus;
  location: GraphLocation;
  locations: GraphLocation[];
  attendees: Attendee[];
  organizer: { emailAddress: EmailAddress };
  categories: string[];
  recurrence: PatternedRecurrence | null;
  /** "OID.<masterId>.<yyyy-MM-dd>" per cancelled slot (Graph's occurrenceId format). */
  cancelledOccurrences: string[];
  isOnlineMeeting: boolean;
  onlineMeetingProvider: "unknown" | "skypeForBusiness" | "skypeForConsumer" | "teamsForBusiness";
  onlineMeeting: { joinUrl: string } | null;
  singleValueExtendedProperties: ExtendedProperty[];
};

/** The year-1 sentinel Graph puts in organizer/none response times (§1 responseStatus). */
export const YEAR_ONE = "0001-01-01T00:00:00Z";

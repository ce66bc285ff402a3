import type { Event } from "@microsoft/microsoft-graph-types";
import { syncKeyValueOf } from "./extended-property";
import { graphDate, graphDateTimeToInstant, startOfDateIn } from "./graph-time-zone";
import type { MirrorEvent } from "./mirror-event";
import { outlookVersionOf } from "./outlook-version";
import { admittedContent, type PrivacyMode } from "./privacy-filter";

export type MapOptions = {
  /** The instructor's home zone (IANA): all-day events are days there. */
  homeZone: string;
  privacyMode: PrivacyMode;
  /** Outlook ids of entries Push created, for reads that cannot expand our extended property (delta). */
  ourEventIds?: ReadonlySet<string>;
};

/** An event Graph sent that the mirror cannot hold (no id or no times): the read is not trusted. */
export class UnmappableEventError extends Error {
  override name = "UnmappableEventError";
}

/**
 * A Graph event (calendarView, delta or a by-id read) as a mirror row; null for a series master,
 * which calendarView never returns and which is no busy time itself (its occurrences are).
 */
export function mapGraphEvent(event: Event, options: MapOptions): MirrorEvent | null {
  if (event.type === "seriesMaster") return null;
  if (!event.id) throw new UnmappableEventError("Graph sent an event without an id");
  if (!event.start?.dateTime || !event.end?.dateTime)
    throw new UnmappableEventError(`Graph sent event ${event.id} without start or end`);

  const times = event.isAllDay
    ? allDayTimes(event.start.dateTime, event.end.dateTime, options.homeZone)
    : {
        startsAt: graphDateTimeToInstant(event.start.dateTime, event.start.timeZone),
        endsAt: graphDateTimeToInstant(event.end.dateTime, event.end.timeZone),
        allDayStartDate: null,
        allDayEndDate: null,
      };
  const { title, isPrivate } = admittedContent(event, options.privacyMode);
  return {
    graphId: event.id,
    seriesMasterId: event.type === "occurrence" || event.type === "exception" ? (event.seriesMasterId ?? null) : null,
    type: event.type ?? "singleInstance",
    ...times,
    showAs: event.showAs ?? "busy",
    response: event.responseStatus?.response ?? null,
    isCancelled: event.isCancelled === true,
    // The organizer flag is not in Full Private Mode's $select; the RSVP says the same.
    isOrganizer: event.isOrganizer ?? event.responseStatus?.response === "organizer",
    isPrivate,
    title,
    isOurs: syncKeyValueOf(event) !== null || (options.ourEventIds?.has(event.id) ?? false),
    changeKey: outlookVersionOf(event).changeKey,
  };
}

/**
 * All-day events come back midnight to midnight whatever the zone asked for (§1), so their dates are
 * the dates; they are busy from local midnight to local midnight in the instructor's home zone.
 */
function allDayTimes(start: string, end: string, homeZone: string) {
  const allDayStartDate = graphDate(start);
  const allDayEndDate = graphDate(end);
  return {
    startsAt: startOfDateIn(allDayStartDate, homeZone),
    endsAt: startOfDateIn(allDayEndDate, homeZone),
    allDayStartDate,
    allDayEndDate,
  };
}

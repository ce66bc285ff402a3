/**
 * POST/PATCH event bodies -> StoredEvent, with Graph's server-filled defaults (graph-behaviour.md
 * §4.1: showAs busy, sensitivity/importance normal, reminder 15 min, organizer responseStatus with the
 * year-1 sentinel, location defaults, HTML-wrapped body, originalStart/EndTimeZone, iCalUId...) and
 * validation (§1 isAllDay midnight rule -> 400 ErrorPropertyValidationFailure). Read-only and unknown
 * properties are ignored rather than rejected [UNV]. Version/changeKey bumps belong to the store.
 */
import { DateTime } from "luxon";
import { GraphError, invalidRequest, propertyValidationFailure, timeZoneNotSupported } from "./errors";
import {
  boolField,
  emptyLocation,
  enumValue,
  isObject,
  normaliseAttendees,
  normaliseBody,
  reconcileLocations,
  stringField,
  type Json,
} from "./event-fields";
import type { ExtendedProperty, StoredEvent } from "./event-types";
import { YEAR_ONE } from "./event-types";
import { isDocumentedZone } from "./documented-zones";
import { changeKeyFor, iCalUIdFor } from "./ids";
import { normaliseRecurrence } from "./recurrence-input";
import { parseDateTimeTimeZone, resolveZone, type DateTimeTimeZone } from "./time-zones";

export type Owner = { id: string; displayName: string; email: string };

export type NormaliseOptions = {
  now: number;
  /**
   * True for the control API and the seed: the change is "made in Outlook", so fields a Graph client
   * cannot set (an invitation's organizer, responseStatus, isCancelled) are taken from the body.
   */
  asOutlook?: boolean;
  /** `documented`: a Graph write naming a zone outside Graph's documented list is refused (realism.ts `zoneNames`). */
  zoneNames?: "any" | "documented";
};

const wallClock = (ms: number, zone: string) =>
  DateTime.fromMillis(ms, { zone: resolveZone(zone)?.iana ?? "UTC" }).toFormat("yyyy-MM-dd'T'HH:mm:ss");

function applyTimes(ev: StoredEvent, body: Json, opts: NormaliseOptions): void {
  for (const edge of ["start", "end"] as const) {
    const value = body[edge];
    if (value === undefined) continue;
    if (!isObject(value)) throw invalidRequest(`Property '${edge}' must be a dateTimeTimeZone.`);
    const dtz = value as DateTimeTimeZone;
    // Outlook itself only offers Windows zones, so the check applies to Graph clients' writes.
    if (opts.zoneNames === "documented" && !opts.asOutlook && dtz.timeZone && !isDocumentedZone(String(dtz.timeZone)))
      throw timeZoneNotSupported(String(dtz.timeZone));
    const ms = parseDateTimeTimeZone(dtz, edge);
    const zone = dtz.timeZone ? String(dtz.timeZone) : "UTC";
    if (edge === "start") Object.assign(ev, { startMs: ms, startTimeZone: zone, startLocal: wallClock(ms, zone) });
    else Object.assign(ev, { endMs: ms, endTimeZone: zone, endLocal: wallClock(ms, zone) });
  }
}

/** §1: all-day events run midnight to midnight in one zone; end after start in all cases. */
export function validateEvent(ev: StoredEvent): void {
  if (ev.endMs < ev.startMs) {
    // EWS's code for this case; Graph surfaces Exchange codes for Outlook items (§6) [UNV].
    throw new GraphError(
      400,
      "ErrorCalendarEndDateIsEarlierThanStartDate",
      "The end date occurs before the start date.",
    );
  }
  if (!ev.isAllDay) return;
  const midnight = (local: string) => local.endsWith("T00:00:00");
  const sameZone = resolveZone(ev.startTimeZone)?.iana === resolveZone(ev.endTimeZone)?.iana;
  if (!midnight(ev.startLocal) || !midnight(ev.endLocal) || !sameZone || ev.endMs <= ev.startMs) {
    throw propertyValidationFailure("isAllDay events must start and end at midnight in the same time zone.");
  }
}

function applyExtendedProperties(current: ExtendedProperty[], input: unknown): ExtendedProperty[] {
  if (!Array.isArray(input)) throw invalidRequest("singleValueExtendedProperties must be an array.");
  const next = current.map((p) => ({ ...p }));
  for (const p of input) {
    if (!isObject(p) || typeof p.id !== "string") throw invalidRequest("Each extended property needs an id.");
    const value = p.value === null || p.value === undefined ? "" : String(p.value);
    // Stored by exact id: the Name part is case-sensitive (§5).
    const existing = next.find((e) => e.id === p.id);
    if (existing) existing.value = value;
    else next.push({ id: p.id, value });
  }
  return next;
}

/** Copies writable fields of `body` onto `ev` (mutates the fresh copy the callers pass). */
function applyFields(ev: StoredEvent, body: Json, opts: NormaliseOptions): void {
  applyTimes(ev, body, opts);
  if (body.subject !== undefined) ev.subject = body.subject === null ? "" : stringField(body.subject, "subject");
  if (body.body !== undefined && body.body !== null) Object.assign(ev, normaliseBody(body.body));
  if (body.isAllDay !== undefined) ev.isAllDay = boolField(body.isAllDay, "isAllDay");
  if (body.showAs !== undefined)
    ev.showAs = enumValue(["unknown", "free", "tentative", "busy", "oof", "workingElsewhere"], body.showAs, "showAs");
  if (body.sensitivity !== undefined)
    ev.sensitivity = enumValue(["normal", "personal", "private", "confidential"], body.sensitivity, "sensitivity");
  if (body.importance !== undefined)
    ev.importance = enumValue(["low", "normal", "high"], body.importance, "importance");
  if (body.isReminderOn !== undefined) ev.isReminderOn = boolField(body.isReminderOn, "isReminderOn");
  if (typeof body.reminderMinutesBeforeStart === "number")
    ev.reminderMinutesBeforeStart = Math.trunc(body.reminderMinutesBeforeStart);
  if (body.responseRequested !== undefined)
    ev.responseRequested = boolField(body.responseRequested, "responseRequested");
  if (body.allowNewTimeProposals !== undefined)
    ev.allowNewTimeProposals = boolField(body.allowNewTimeProposals, "allowNewTimeProposals");
  if (body.hideAttendees !== undefined) ev.hideAttendees = boolField(body.hideAttendees, "hideAttendees");
  if (Array.isArray(body.categories)) ev.categories = body.categories.map(String);
  if (body.attendees !== undefined) ev.attendees = body.attendees === null ? [] : normaliseAttendees(body.attendees);
  if (body.location !== undefined || body.locations !== undefined)
    Object.assign(ev, reconcileLocations(body.location, body.locations));
  if (body.singleValueExtendedProperties !== undefined) {
    ev.singleValueExtendedProperties = applyExtendedProperties(
      ev.singleValueExtendedProperties,
      body.singleValueExtendedProperties,
    );
  }
  // After isOnlineMeeting is true, Outlook ignores further changes to it (§1).
  if (body.isOnlineMeeting === true && !ev.isOnlineMeeting) {
    ev.isOnlineMeeting = true;
    ev.onlineMeetingProvider =
      body.onlineMeetingProvider === undefined
        ? "teamsForBusiness"
        : enumValue(
            ["unknown", "skypeForBusiness", "skypeForConsumer", "teamsForBusiness"],
            body.onlineMeetingProvider,
            "onlineMeetingProvider",
          );
    ev.onlineMeeting = { joinUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(ev.id)}` };
  }
  if (ev.type !== "exception" && ev.type !== "occurrence" && body.recurrence !== undefined) {
    ev.recurrence = normaliseRecurrence(body.recurrence, ev.startTimeZone);
    ev.type = ev.recurrence ? "seriesMaster" : "singleInstance";
  }
  if (opts.asOutlook) {
    if (body.isCancelled !== undefined) ev.isCancelled = boolField(body.isCancelled, "isCancelled");
    if (body.isOrganizer !== undefined) ev.isOrganizer = boolField(body.isOrganizer, "isOrganizer");
    if (isObject(body.organizer) && isObject(body.organizer.emailAddress)) {
      ev.organizer = {
        emailAddress: {
          name: String(body.organizer.emailAddress.name ?? ""),
          address: String(body.organizer.emailAddress.address ?? ""),
        },
      };
    }
    if (isObject(body.responseStatus)) {
      ev.responseStatus = {
        response: enumValue(
          ["none", "organizer", "tentativelyAccepted", "accepted", "declined", "notResponded"],
          body.responseStatus.response,
          "responseStatus",
        ),
        time: typeof body.responseStatus.time === "string" ? body.responseStatus.time : YEAR_ONE,
      };
    }
  }
}

/** A new stored event from a create body (POST /events, or the control API with asOutlook). */
export function createStoredEvent(
  body: unknown,
  ctx: { id: string; calendarId: string; owner: Owner } & NormaliseOptions,
): StoredEvent {
  if (!isObject(body)) throw invalidRequest("Empty Payload. JSON content expected.");
  if (!isObject(body.start) || !isObject(body.end)) throw propertyValidationFailure("start and end are required.");
  const ev: StoredEvent = {
    id: ctx.id,
    calendarId: ctx.calendarId,
    type: "singleInstance",
    seriesMasterId: null,
    originalStartMs: null,
    startMs: 0,
    endMs: 0,
    startLocal: "",
    endLocal: "",
    startTimeZone: "UTC",
    endTimeZone: "UTC",
    isAllDay: false,
    createdMs: ctx.now,
    lastModifiedMs: ctx.now,
    version: 1,
    changeKey: changeKeyFor(ctx.id, 1),
    iCalUId: iCalUIdFor(ctx.id),
    transactionId: typeof body.transactionId === "string" ? body.transactionId : null,
    subject: "",
    bodyHtml: "",
    bodyText: "",
    importance: "normal",
    sensitivity: "normal",
    showAs: "busy",
    isCancelled: false,
    isOrganizer: true,
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    responseRequested: true,
    allowNewTimeProposals: true,
    hideAttendees: false,
    isDraft: false,
    responseStatus: { response: "organizer", time: YEAR_ONE },
    location: emptyLocation(),
    locations: [],
    attendees: [],
    organizer: { emailAddress: { name: ctx.owner.displayName, address: ctx.owner.email } },
    categories: [],
    recurrence: null,
    cancelledOccurrences: [],
    isOnlineMeeting: false,
    onlineMeetingProvider: "unknown",
    onlineMeeting: null,
    singleValueExtendedProperties: [],
  };
  applyFields(ev, body, ctx);
  validateEvent(ev);
  return ev;
}

/** The event after a PATCH body; id, type, createdMs, transactionId are never changed here. */
export function patchStoredEvent(existing: StoredEvent, body: unknown, opts: NormaliseOptions): StoredEvent {
  if (!isObject(body)) throw invalidRequest("Empty Payload. JSON content expected.");
  const ev: StoredEvent = structuredClone(existing);
  applyFields(ev, body, opts);
  ev.lastModifiedMs = opts.now;
  validateEvent(ev);
  return ev;
}

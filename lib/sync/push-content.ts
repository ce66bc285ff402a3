import { createHash } from "node:crypto";
import type { Event } from "@microsoft/microsoft-graph-types";
import { formatSessionRange } from "@/lib/time/format";
import { toZoned } from "@/lib/time/zoned";
import { assignmentRoleLabels, type AssignmentRole } from "@/lib/training/vocabulary";
import { SYNC_KEY_PROPERTY_ID, syncKeyOf } from "./extended-property";
import { windowsZoneFor } from "./graph-time-zone";
import { escapeHtml, escapeMultiline, safeHttpUrl } from "./html";

export type VirtualMeetingProvider = "teams" | "zoom" | "custom";

/** Everything one Outlook entry says, as plain data (db/queries/push-desired-state.ts loads it). */
export type PushContentInput = {
  /** Base URL of the platform (APP_URL), for the link back to the event. */
  appUrl: string;
  assignmentId: string;
  /** The booked instructor: whose calendar this entry goes to. */
  instructor: { id: string; name: string; timeZone: string };
  event: {
    id: string;
    title: string;
    courseCode: string;
    description: string;
    /** The event's effective IANA zone (its own, else its location's). */
    timeZone: string;
    location: { name: string; address: string } | null;
    venue: { name: string } | null;
    virtualMeeting: { provider: VirtualMeetingProvider; joinUrl: string } | null;
    /** Every session of the event, in start order: the subject numbers this one among them. */
    sessions: readonly { id: string; name: string | null; startsAt: Date; endsAt: Date }[];
    resources: readonly { name: string; quantity: number }[];
    /** Everyone booked on the event, this instructor included (left out of "other personnel"). */
    personnel: readonly { instructorId: string; name: string; role: string }[];
  };
  sessionId: string;
};

/** The category every entry carries, so instructors can colour and filter them in Outlook. */
export const PUSH_CATEGORY = "Training (Calendar Sync)";
export const PUSH_REMINDER_MINUTES = 15;

/** The body of one (assignment, session) entry, the same for a create and an update. */
export type PushContent = Event & { singleValueExtendedProperties: { id: string; value: string }[] };

const providerLabel: Record<VirtualMeetingProvider, string> = {
  teams: "Join Microsoft Teams meeting",
  zoom: "Join Zoom meeting",
  custom: "Join online meeting",
};

const providerPlace: Record<VirtualMeetingProvider, string> = {
  teams: "Microsoft Teams meeting",
  zoom: "Zoom meeting",
  custom: "Online meeting",
};

/**
 * The Graph event for one booked instructor and one session. Pure: the same input gives the same
 * body (so its hash skips no-op updates). No attendees (they would receive invitations), and
 * `isOnlineMeeting` false: we carry the platform's own link, we never create Teams meetings.
 */
export function buildPushContent(input: PushContentInput): PushContent {
  const { event } = input;
  const index = event.sessions.findIndex((s) => s.id === input.sessionId);
  if (index < 0) throw new RangeError(`Session ${input.sessionId} is not one of event ${event.id}'s sessions`);
  const session = event.sessions[index]!;
  const joinUrl = safeHttpUrl(event.virtualMeeting?.joinUrl);
  return {
    subject: subjectOf(event.title, session.name, index, event.sessions.length),
    body: { contentType: "html", content: bodyHtml(input, session, joinUrl) },
    start: graphDateTime(session.startsAt, event.timeZone),
    end: graphDateTime(session.endsAt, event.timeZone),
    isAllDay: false,
    location: locationOf(event, joinUrl),
    isOnlineMeeting: false,
    showAs: "busy",
    // Stated, not left to Outlook's defaults, so an instructor's change to either is undone like any edit.
    sensitivity: "normal",
    importance: "normal",
    categories: [PUSH_CATEGORY],
    isReminderOn: true,
    reminderMinutesBeforeStart: PUSH_REMINDER_MINUTES,
    attendees: [],
    singleValueExtendedProperties: [
      { id: SYNC_KEY_PROPERTY_ID, value: syncKeyOf(input.assignmentId, input.sessionId) },
    ],
  };
}

/**
 * A session time as Graph takes it: the event's wall clock under the zone's Windows name, or, for a
 * zone Windows does not know, the UTC time under "UTC" — never an IANA name Graph may refuse.
 */
function graphDateTime(instant: Date, zone: string): { dateTime: string; timeZone: string } {
  const windows = windowsZoneFor(zone);
  return windows
    ? { dateTime: wallClock(instant, zone), timeZone: windows }
    : { dateTime: wallClock(instant, "UTC"), timeZone: "UTC" };
}

/** "Title", or with several sessions "Title (Day 2: Labs)" / "Title (session 2 of 3)". */
export function subjectOf(title: string, sessionName: string | null, index: number, count: number): string {
  if (count <= 1) return title;
  return sessionName?.trim() ? `${title} (${sessionName.trim()})` : `${title} (session ${index + 1} of ${count})`;
}

/**
 * A create's `transactionId`: the same (assignment, session, generation) always gives the same
 * value, so a create retried after a lost answer is recognised by Graph instead of duplicated.
 * Graph documents it as a string and shows a GUID (§1); we send a GUID (UUID version 8, "custom",
 * from SHA-256) so its shape matches whatever Graph expects.
 */
export function transactionIdFor(
  assignmentId: string,
  sessionId: string,
  generation: number,
  entryId?: string,
): string {
  // The entry row's id: a booking removed and added again is a new row, so never the old transactionId
  // (Graph may hand back the deleted event for one it remembers, issue 20 item 3).
  const life = entryId ? `/${entryId}` : "";
  const bytes = createHash("sha256")
    .update(`calendar-sync/push/${syncKeyOf(assignmentId, sessionId)}/${generation}${life}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Graph's wall-clock form (no offset) of an instant in a zone: "2026-12-01T09:00:00". */
function wallClock(instant: Date, zone: string): string {
  return toZoned(instant, zone).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

function locationOf(event: PushContentInput["event"], joinUrl: string | null): Event["location"] {
  const names = [event.venue?.name, event.location?.name].map((n) => n?.trim()).filter(Boolean) as string[];
  const address = event.location?.address.trim();
  const online = joinUrl && event.virtualMeeting ? providerPlace[event.virtualMeeting.provider] : null;
  const displayName = names.length ? names.join(", ") : (online ?? "");
  return {
    displayName,
    ...(address ? { address: { street: address } } : {}),
    ...(joinUrl ? { locationUri: joinUrl } : {}),
  };
}

function bodyHtml(
  input: PushContentInput,
  session: PushContentInput["event"]["sessions"][number],
  joinUrl: string | null,
): string {
  const { event, instructor } = input;
  const eventUrl = `${input.appUrl.replace(/\/+$/, "")}/events/${encodeURIComponent(event.id)}`;
  const eventTime = formatSessionRange(session.startsAt, session.endsAt, event.timeZone);
  const ownTime = formatSessionRange(session.startsAt, session.endsAt, instructor.timeZone);
  const sameWallClock =
    sameClock(session.startsAt, event.timeZone, instructor.timeZone) &&
    sameClock(session.endsAt, event.timeZone, instructor.timeZone);
  const others = event.personnel.filter((p) => p.instructorId !== instructor.id);
  const place = [event.venue?.name, event.location?.name, event.location?.address]
    .map((v) => v?.trim())
    .filter(Boolean) as string[];

  const me = event.personnel.find((p) => p.instructorId === instructor.id);
  const label = (text: string) => `<strong>${text}</strong>`;
  const parts: string[] = [];
  parts.push(
    `<p><strong>${escapeHtml(event.title)}</strong>${event.courseCode.trim() ? ` &middot; Course code ${escapeHtml(event.courseCode.trim())}` : ""}</p>`,
  );
  parts.push(
    `<p>${label("When:")} ${escapeHtml(eventTime)}${sameWallClock ? "" : `<br>${label("Your time:")} ${escapeHtml(ownTime)}`}</p>`,
  );
  if (place.length) parts.push(`<p>${label("Where:")} ${place.map(escapeHtml).join(", ")}</p>`);
  if (joinUrl && event.virtualMeeting) {
    // Outlook's desktop renderer drops the button's padding and radius; the link stays, and the URL
    // is printed too for anyone who needs to paste it elsewhere.
    parts.push(
      `<p><a href="${escapeHtml(joinUrl)}" style="display:inline-block;padding:8px 16px;background:#0f6cbd;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(providerLabel[event.virtualMeeting.provider])}</a><br><span style="color:#616161;font-size:12px">${escapeHtml(joinUrl)}</span></p>`,
    );
  }
  if (event.description.trim()) parts.push(`<p>${escapeMultiline(event.description.trim())}</p>`);
  if (me) parts.push(`<p>${label("Your role:")} ${escapeHtml(roleLabel(me.role))}</p>`);
  if (others.length) {
    parts.push(
      `<p>${label("Also on this event:")}</p><ul>${others.map((p) => `<li>${escapeHtml(p.name)} (${escapeHtml(roleLabel(p.role))})</li>`).join("")}</ul>`,
    );
  }
  if (event.resources.length) {
    parts.push(
      `<p>${label("Resources booked:")}</p><ul>${event.resources.map((r) => `<li>${escapeHtml(r.name)} &times; ${r.quantity}</li>`).join("")}</ul>`,
    );
  }
  parts.push(`<p><a href="${escapeHtml(eventUrl)}">Open this event in the training platform</a></p>`);
  parts.push(
    `<p style="color:#616161;font-size:12px">This entry is managed by the training platform. Changes made to it in Outlook are overwritten; ask your coordinator to change the booking.</p>`,
  );
  return parts.join("\n");
}

/** "Co-instructor" for `co-instructor`; a role the vocabulary does not know is shown as it is. */
function roleLabel(role: string): string {
  return assignmentRoleLabels[role as AssignmentRole] ?? role;
}

function sameClock(instant: Date, zoneA: string, zoneB: string): boolean {
  return toZoned(instant, zoneA).toFormat("yyyy-MM-dd HH:mm") === toZoned(instant, zoneB).toFormat("yyyy-MM-dd HH:mm");
}

import type { Event, Sensitivity } from "@microsoft/microsoft-graph-types";
import { SYNC_KEY_PROPERTY_ID } from "./extended-property";

/**
 * Privacy at ingestion. Default Privacy Mode keeps Outlook's own rule: an event marked private or
 * confidential is stored without subject, body or location ("Private"); other events keep their
 * subject (bodies and locations are never stored). Full Private Mode stores no subject at all
 * ("Busy"), and never even asks Graph for one: its reads name exactly the fields below.
 */
export type PrivacyMode = "full_private" | "default";

/**
 * The only event fields a Full Private Mode read asks for (issue 11 item 3): times and flags, and
 * `changeKey`, the item's version (an opaque token that changes on every edit, no content), by which
 * Pull sees an instructor's edit of one of our entries (lib/sync/push-drift.ts).
 */
export const FULL_PRIVATE_SELECT = [
  "start",
  "end",
  "isAllDay",
  "showAs",
  "responseStatus",
  "isCancelled",
  "type",
  "seriesMasterId",
  "sensitivity",
  "changeKey",
] as const;

/**
 * Our own property, expanded beside the `$select` so Full Private reads still recognise our
 * entries. Graph documents `$expand=singleValueExtendedProperties($filter=id eq '…')` as the only way
 * to read one (§5); it carries no subject, body or location.
 */
export const OUR_PROPERTY_EXPAND = `singleValueExtendedProperties($filter=id eq '${SYNC_KEY_PROPERTY_ID}')`;

/** Fields that may carry what an instructor wrote; never stored for a private event or in Full Private Mode. */
export const CONTENT_FIELDS = [
  "subject",
  "body",
  "bodyPreview",
  "location",
  "locations",
  "attendees",
  "organizer",
  "onlineMeeting",
  "webLink",
] as const;

export function isPrivateSensitivity(sensitivity: Sensitivity | null | undefined): boolean {
  return sensitivity === "private" || sensitivity === "confidential";
}

/** What the mirror may keep of an event's content: its title (or none) and whether it is private. */
export function admittedContent(
  event: Pick<Event, "subject" | "sensitivity">,
  mode: PrivacyMode,
): { title: string | null; isPrivate: boolean } {
  const isPrivate = isPrivateSensitivity(event.sensitivity);
  if (mode === "full_private" || isPrivate) return { title: null, isPrivate };
  const subject = event.subject?.trim();
  return { title: subject ? subject : null, isPrivate };
}

/** How a mirrored event is shown: its title, else "Private" (Default mode) or "Busy". */
export function shownTitle(row: { title: string | null; isPrivate: boolean }, mode: PrivacyMode): string {
  if (mode === "full_private") return "Busy";
  if (row.isPrivate) return "Private";
  return row.title ?? "Busy";
}

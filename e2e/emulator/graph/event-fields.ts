/**
 * Normalisers for the pieces of a POSTed/PATCHed event body, with the server-filled shapes of
 * graph-behaviour.md §4.1 (user-post-events.md examples): enum values are case-insensitive on input
 * and lower-camel on output; text bodies are wrapped as HTML; locations get default/private ids.
 */
import { invalidRequest } from "./errors";
import type { Attendee, GraphLocation, ResponseStatus } from "./event-types";
import { YEAR_ONE } from "./event-types";

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Case-insensitive enum match returning the canonical spelling. */
export function enumValue<T extends string>(values: readonly T[], input: unknown, field: string): T {
  const found = typeof input === "string" ? values.find((v) => v.toLowerCase() === input.toLowerCase()) : undefined;
  if (!found) throw invalidRequest(`Requested value '${String(input)}' was not found for property '${field}'.`);
  return found;
}

export function stringField(input: unknown, field: string): string {
  if (typeof input !== "string") throw invalidRequest(`Property '${field}' must be a string.`);
  return input;
}

export function boolField(input: unknown, field: string): boolean {
  if (typeof input !== "boolean") throw invalidRequest(`Property '${field}' must be a boolean.`);
  return input;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The wrapper Outlook puts around bodies (user-post-events.md response 3). */
export function wrapHtml(inner: string): string {
  return (
    '<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n' +
    `<body>\r\n${inner}\r\n</body>\r\n</html>\r\n`
  );
}

export function htmlToText(html: string): string {
  return html
    .replace(/<head[\s\S]*?<\/head>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .trim();
}

/** itemBody -> stored html + text. HTML input is wrapped unless it is already a document. */
export function normaliseBody(input: unknown): { bodyHtml: string; bodyText: string } {
  if (!isObject(input)) throw invalidRequest("Property 'body' must be an itemBody object.");
  const contentType =
    input.contentType === undefined ? "text" : enumValue(["text", "html"], input.contentType, "contentType");
  const content = typeof input.content === "string" ? input.content : "";
  if (contentType === "text") {
    return { bodyHtml: wrapHtml(escapeHtml(content).replace(/\r?\n/g, "<br>\r\n")), bodyText: content };
  }
  const html = /<html[\s>]/i.test(content) ? content : wrapHtml(content);
  return { bodyHtml: html, bodyText: htmlToText(html) };
}

/** bodyPreview: plain text, whitespace collapsed, first 255 characters [UNV length]. */
export const previewOf = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 255);

export const emptyLocation = (): GraphLocation => ({
  displayName: "",
  locationType: "default",
  uniqueIdType: "unknown",
  address: {},
  coordinates: {},
});

/**
 * A location as Graph returns it. `asPrimary`: the `location` property gets uniqueId = displayName
 * and uniqueIdType "private"; entries of `locations` only do when they carry an address (doc example 2).
 */
export function normaliseLocation(input: unknown, asPrimary: boolean): GraphLocation {
  if (!isObject(input)) throw invalidRequest("Property 'location' must be a location object.");
  const displayName = typeof input.displayName === "string" ? input.displayName : "";
  if (!displayName) return emptyLocation();
  const locationType = input.locationType === undefined ? "default" : String(input.locationType);
  const out: GraphLocation = {
    displayName,
    locationType: locationType.charAt(0).toLowerCase() + locationType.slice(1),
    uniqueIdType: "unknown",
  };
  if (asPrimary || isObject(input.address)) {
    out.uniqueId = typeof input.uniqueId === "string" ? input.uniqueId : displayName;
    out.uniqueIdType = "private";
  }
  if (isObject(input.address)) out.address = input.address;
  if (isObject(input.coordinates)) out.coordinates = input.coordinates;
  if (typeof input.locationEmailAddress === "string") out.locationEmailAddress = input.locationEmailAddress;
  if (typeof input.locationUri === "string") out.locationUri = input.locationUri;
  return out;
}

/** `location` and `locations` always agree (§1): one is derived from the other. */
export function reconcileLocations(
  location: unknown,
  locations: unknown,
): { location: GraphLocation; locations: GraphLocation[] } {
  if (Array.isArray(locations) && location === undefined) {
    const list = locations.map((l) => normaliseLocation(l, false));
    const joined = list.map((l) => l.displayName).join("; ");
    return { location: joined ? normaliseLocation({ displayName: joined }, true) : emptyLocation(), locations: list };
  }
  const primary = location === undefined || location === null ? emptyLocation() : normaliseLocation(location, true);
  if (Array.isArray(locations))
    return { location: primary, locations: locations.map((l) => normaliseLocation(l, false)) };
  return { location: primary, locations: primary.displayName ? [normaliseLocation(location, false)] : [] };
}

export function normaliseAttendees(input: unknown): Attendee[] {
  if (!Array.isArray(input)) throw invalidRequest("Property 'attendees' must be an array.");
  return input.map((a: unknown) => {
    if (!isObject(a) || !isObject(a.emailAddress)) throw invalidRequest("Each attendee needs an emailAddress.");
    const status: ResponseStatus = isObject(a.status)
      ? {
          response: enumValue(
            ["none", "organizer", "tentativelyAccepted", "accepted", "declined", "notResponded"],
            a.status.response ?? "none",
            "response",
          ),
          time: typeof a.status.time === "string" ? a.status.time : YEAR_ONE,
        }
      : { response: "none", time: YEAR_ONE };
    return {
      type: a.type === undefined ? "required" : enumValue(["required", "optional", "resource"], a.type, "type"),
      status,
      emailAddress: {
        name: String(a.emailAddress.name ?? a.emailAddress.address ?? ""),
        address: String(a.emailAddress.address ?? ""),
      },
    };
  });
}

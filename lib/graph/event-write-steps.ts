import type { Event } from "@microsoft/microsoft-graph-types";
import { calendarEventPath, extendedPropertyQuery, type BatchStep, type NewEvent } from "./calendar-client";

/**
 * The event writes of GraphCalendarClient as `$batch` steps, for bulk pushes (≤ 20 per batch, see
 * batch-retry.ts). `id` correlates each answer with its step; the URLs are relative to `/v1.0`.
 */
export const createEventStep = (id: string, event: NewEvent): BatchStep => ({
  id,
  method: "POST",
  url: "/me/events",
  body: event,
});

/**
 * Through the calendar (`/me/calendar/events/{id}`), not the mailbox: an entry the instructor deleted
 * sits in Deleted Items with the same immutable id, where a mailbox-wide PATCH would succeed and
 * leave it there; through the calendar it is 404, and Push creates the entry again (issue 20 item 1).
 */
export const updateEventStep = (id: string, outlookEventId: string, changes: Event): BatchStep => ({
  id,
  method: "PATCH",
  url: calendarEventPath(outlookEventId),
  body: changes,
});

export const deleteEventStep = (id: string, outlookEventId: string): BatchStep => ({
  id,
  method: "DELETE",
  url: `/me/events/${encodeURIComponent(outlookEventId)}`,
});

/**
 * `findEventsByExtendedProperty` as a `$batch` step (first page only: a key has one entry, a few at
 * worst after a past duplicate), so a bulk push looks for lost entries in one request.
 */
export const findByExtendedPropertyStep = (id: string, propertyId: string, value: string): BatchStep => {
  const { filter, expand } = extendedPropertyQuery(propertyId, value);
  const query = [
    `$filter=${encodeURIComponent(filter)}`,
    `$expand=${encodeURIComponent(expand)}`,
    "$select=id",
    "$top=10",
  ].join("&");
  return { id, method: "GET", url: `/me/events?${query}` };
};

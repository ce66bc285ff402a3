import type { Event } from "@microsoft/microsoft-graph-types";
import { extendedPropertyQuery, type BatchStep, type NewEvent } from "./calendar-client";

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

export const updateEventStep = (id: string, outlookEventId: string, changes: Event): BatchStep => ({
  id,
  method: "PATCH",
  url: `/me/events/${encodeURIComponent(outlookEventId)}`,
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

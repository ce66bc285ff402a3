import type { Event } from "@microsoft/microsoft-graph-types";
import type { BatchStep, NewEvent } from "./calendar-client";

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

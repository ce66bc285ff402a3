import type { Event } from "@microsoft/microsoft-graph-types";
import type { BatchStep } from "./calendar-client";

/**
 * Shapes and limits of the Pull reads (GraphCalendarClient.calendarViewDelta, calendarViewSelect,
 * eventsByIds). Graph facts: graph-behaviour.md §2 (calendarView), §3 (delta), §5 (our property), §7 ($batch).
 */

/** A calendarView/delta item: an event, or `{ id, "@removed": { reason } }`. */
export type DeltaPageItem = Event & { "@removed"?: { reason?: string } };

/** One page of a delta round; the last page carries the round's deltaLink, the others none. */
export type DeltaPage = { items: DeltaPageItem[]; deltaLink: string | null };

/** Where a round starts: a window (a baseline) or a stored deltaLink (or a 410's `Location`). */
export type DeltaStart = { window: { start: Date; end: Date } } | { deltaLink: string };

/** Page size asked of delta with `Prefer: odata.maxpagesize` (Graph may send fewer, §3). */
export const DELTA_PAGE_SIZE = 100;
/** calendarView page size (`$top`); Full Private pages are small, so more fit. */
export const VIEW_PAGE_SIZE = 200;
/**
 * Pages followed in one round before giving up: some mailboxes return endless nextLink chains (§3
 * "Robustness"). 12 months of a busy calendar is a few thousand items, well under this at 100 a page.
 */
export const MAX_PAGES_PER_ROUND = 500;

/** A round followed more pages than MAX_PAGES_PER_ROUND: nothing of it may be applied. */
export class RunawayPagingError extends Error {
  override name = "RunawayPagingError";
  constructor(readonly pages: number) {
    super(`Graph kept sending next pages (${pages}); the round was abandoned`);
  }
}

/** Query string of a `$select` (and optional `$expand`) read, for a `$batch` step's relative URL. */
export function selectQuery(select: readonly string[], expand?: string): string {
  const params = new URLSearchParams({ $select: select.join(",") });
  if (expand) params.set("$expand", expand);
  // Graph reads `%20` and `+` alike in a query, but the docs' examples use %20 (§5).
  return params.toString().replace(/\+/g, "%20");
}

/**
 * The `$batch` steps that GET each id with the same `$select`, through the default calendar: an event the
 * instructor deleted stays readable by its id in Deleted Items (reference §4.3), and must read as gone (404).
 */
export function eventReadSteps(ids: readonly string[], select: readonly string[], expand?: string): BatchStep[] {
  const query = selectQuery(select, expand);
  return ids.map((id, i) => ({
    id: String(i + 1),
    method: "GET",
    url: `/me/calendar/events/${encodeURIComponent(id)}?${query}`,
  }));
}

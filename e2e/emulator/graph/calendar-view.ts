/**
 * calendarView (graph-behaviour.md §2): single instances, occurrences and exceptions overlapping
 * [start, end) — never series masters or cancelled occurrences — filtered, ordered and paged. Page
 * size: `$top`, else `Prefer: odata.maxpagesize`, else 10; `@odata.nextLink` is the request URL with
 * `$skip` advanced, as the real service's calendarView links are. Boundary: half-open by default;
 * `inclusiveStart` reproduces the observed "event ending exactly at startDateTime" (§2, OBS #18024).
 */
import { missingTimeWindow } from "./errors";
import type { StoredEvent } from "./event-types";
import { fullEventJson } from "./event-render";
import type { SeriesSnapshot } from "./journal";
import { isDeletedItemsFolder, type Mailbox } from "./mailbox";
import { evaluateFilter } from "./odata-filter";
import { queryValue, sortEvents, type ODataQuery, type QueryInput } from "./odata";
import { expandSeries, overlaps, type Window } from "./recurrence-expand";
import { parseWindowBound } from "./time-zones";

export const DEFAULT_PAGE_SIZE = 10;

export type ViewOptions = { calendarId?: string; inclusiveStart?: boolean };

/** startDateTime/endDateTime, both required (400 ErrorInvalidParameter otherwise, §2). */
export function parseWindow(q: QueryInput): Window {
  const s = queryValue(q, "startDateTime");
  const e = queryValue(q, "endDateTime");
  const startMs = s === undefined ? null : parseWindowBound(s);
  const endMs = e === undefined ? null : parseWindowBound(e);
  if (startMs === null || endMs === null) throw missingTimeWindow();
  return { startMs, endMs };
}

function widen(w: Window, opts: ViewOptions): Window {
  // Inclusive start: an item ending exactly at the start counts, so widen by 1 ms.
  return opts.inclusiveStart ? { startMs: w.startMs - 1, endMs: w.endMs } : w;
}

/** Instances of one unit (single event, or master + exceptions) inside the window. */
export function unitInstances(unit: SeriesSnapshot, w: Window, opts: ViewOptions = {}): StoredEvent[] {
  const { root } = unit;
  if (opts.calendarId && root.calendarId !== opts.calendarId) return [];
  if (isDeletedItemsFolder(root.calendarId)) return []; // in Deleted Items: in no calendar view

  const win = widen(w, opts);
  if (root.type === "seriesMaster") return expandSeries(root, unit.exceptions, win);
  return overlaps(root, win) ? [root] : [];
}

export function instancesInWindow(mb: Mailbox, w: Window, opts: ViewOptions = {}): StoredEvent[] {
  return mb
    .topLevelEvents(opts.calendarId)
    .flatMap((root) =>
      unitInstances({ root, exceptions: root.type === "seriesMaster" ? mb.exceptionsOf(root.id) : [] }, w, opts),
    );
}

/** `$filter` then `$orderby` (default start ascending, id as tie-break). */
export function filterAndSort(events: readonly StoredEvent[], query: ODataQuery): StoredEvent[] {
  const filter = query.filter;
  const kept = filter
    ? events.filter((ev) =>
        evaluateFilter(filter, {
          ...fullEventJson(ev),
          singleValueExtendedProperties: ev.singleValueExtendedProperties,
        }),
      )
    : events;
  return sortEvents(kept, query.orderBy);
}

export type Page<T> = { items: T[]; nextSkip?: number };

export function pageOf<T>(items: readonly T[], query: ODataQuery, maxPageSize?: number): Page<T> {
  const size = query.top ?? maxPageSize ?? DEFAULT_PAGE_SIZE;
  const skip = query.skip ?? 0;
  const slice = items.slice(skip, skip + size);
  const next = skip + size;
  return next < items.length && size > 0 ? { items: slice, nextSkip: next } : { items: slice };
}

/**
 * The request URL with `$skip` set: absolute (pass the public https URL) and otherwise untouched,
 * because the Graph SDK replays links verbatim (§12).
 */
export function nextLinkWithSkip(requestUrl: string, skip: number): string {
  const [base = "", query = ""] = requestUrl.split("?", 2);
  const kept = query.split("&").filter((p) => p && !/^(\$|%24)skip=/i.test(p));
  return `${base}?${[...kept, `$skip=${skip}`].join("&")}`;
}

/** One calendarView page for a mailbox: the whole pure pipeline behind GET …/calendarView. */
export function calendarViewPage(
  mb: Mailbox,
  w: Window,
  query: ODataQuery,
  opts: ViewOptions & { maxPageSize?: number } = {},
): Page<StoredEvent> {
  return pageOf(filterAndSort(instancesInWindow(mb, w, opts), query), query, opts.maxPageSize);
}

/**
 * GET …/calendarView (issue item 3; graph-behaviour.md §2): window required (400
 * ErrorInvalidParameter), overlap semantics, recurrences expanded into occurrences and exceptions
 * (never masters or cancelled occurrences), `$filter`/`$orderby`/`$select`/`$top`/`$skip`/`$count`,
 * page size 10 unless `$top` or `Prefer: odata.maxpagesize`, absolute https `@odata.nextLink`.
 */
import type { Route } from "../../core/types";
import { filterAndSort, instancesInWindow, parseWindow } from "../calendar-view";
import { parseODataQuery } from "../odata";
import { collectionBody } from "./events";
import { calendarPaths } from "./paths";
import { mailboxRoutes } from "./pipeline";
import type { GraphRuntime } from "./runtime";

export function calendarViewRoutes(rt: GraphRuntime): Route[] {
  return mailboxRoutes("GET", calendarPaths("/calendarView"), "read", rt, (call) => {
    const w = parseWindow(call.req.query);
    const q = parseODataQuery(call.req.query);
    const inclusiveStart = rt.config.delta.inclusiveStart ?? false;
    const items = filterAndSort(
      instancesInWindow(call.mb, w, { ...(call.calendarId ? { calendarId: call.calendarId } : {}), inclusiveStart }),
      q,
    );
    return { status: 200, body: collectionBody(call, "calendarView", items, q) };
  });
}

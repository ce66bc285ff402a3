/**
 * Event CRUD on `/me|users/{id}` [`/calendar` | `/calendars/{id}`] `/events[/{id}]` (issue item 2;
 * graph-behaviour.md §4, §5): list (single instances + series masters, `$filter` incl. the
 * extended-property `Any` lambda, `$select`, `$expand`, `$orderby`, paging), POST 201 (transactionId
 * replay returns the first event), GET, PATCH 200 (If-Match -> 412), DELETE 204, plus
 * `/events/{id}/instances`. Every change notifies the mailbox's subscribers.
 */
import type { Route } from "../../core/types";
import { headerValue } from "../../core/http";
import { filterAndSort, nextLinkWithSkip, pageOf, parseWindow } from "../calendar-view";
import { itemNotFound } from "../errors";
import { renderEvent, type RenderContext } from "../event-render";
import { createEvent, deleteEvent, getEvent, updateEvent } from "../event-store";
import type { StoredEvent } from "../event-types";
import { parseODataQuery, type ODataQuery } from "../odata";
import type { Preferences } from "../prefer";
import type { IdOut } from "../id-forms";
import { expandSeries } from "../recurrence-expand";
import { contextUrl } from "../render-directory";
import { calendarPaths, usersSegment, withSelect } from "./paths";
import { mailboxRoutes, type MailboxCall } from "./pipeline";
import type { GraphRuntime } from "./runtime";

export function renderContextOf(prefs: Preferences, q: ODataQuery, idOut?: IdOut): RenderContext {
  return {
    ...(idOut ? { idOut } : {}),
    ...(prefs.timeZone ? { timeZone: prefs.timeZone } : {}),
    ...(prefs.bodyContentType ? { bodyContentType: prefs.bodyContentType } : {}),
    ...(q.select ? { select: q.select } : {}),
    ...(q.expandExtendedPropertyIds ? { expandExtendedPropertyIds: q.expandExtendedPropertyIds } : {}),
  };
}

/** A collection page: context, items, `@odata.nextLink` (absolute, the request URL with $skip, §2). */
export function collectionBody(
  call: MailboxCall,
  nav: string,
  items: readonly StoredEvent[],
  q: ODataQuery,
): Record<string, unknown> {
  const page = pageOf(items, q, call.prefs.maxPageSize);
  const ctx = renderContextOf(call.prefs, q, call.idOut);
  return {
    "@odata.context": contextUrl(call.versionRoot, withSelect(`${usersSegment(call.mb.owner.id)}/${nav}`, q.select)),
    ...(q.count ? { "@odata.count": items.length } : {}),
    value: page.items.map((ev) => renderEvent(ev, ctx)),
    ...(page.nextSkip !== undefined ? { "@odata.nextLink": nextLinkWithSkip(call.requestUrl, page.nextSkip) } : {}),
  };
}

/** The event, if it lives in the addressed calendar (a calendar-scoped URL must not reach others). */
function eventIn(call: MailboxCall): StoredEvent {
  const ev = getEvent(call.mb, call.req.params.eventId ?? "");
  if (call.calendarId && ev.calendarId !== call.calendarId) throw itemNotFound();
  return ev;
}

function single(call: MailboxCall, ev: StoredEvent, status: number, q: ODataQuery = {}) {
  const fragment = withSelect(`${usersSegment(call.mb.owner.id)}/events`, q.select);
  return {
    status,
    body: {
      "@odata.context": contextUrl(call.versionRoot, `${fragment}/$entity`),
      ...renderEvent(ev, renderContextOf(call.prefs, q, call.idOut)),
    },
  };
}

const ifMatchOf = (call: MailboxCall) => headerValue(call.req.headers["if-match"]) ?? null;

export function eventRoutes(rt: GraphRuntime): Route[] {
  return [
    ...mailboxRoutes("GET", calendarPaths("/events"), "read", rt, (call) => {
      const q = parseODataQuery(call.req.query);
      return {
        status: 200,
        body: collectionBody(call, "events", filterAndSort(call.mb.topLevelEvents(call.calendarId), q), q),
      };
    }),
    ...mailboxRoutes("POST", calendarPaths("/events"), "write", rt, (call) => {
      const { event, change } = createEvent(call.mb, call.req.json, {
        now: call.now,
        ...(call.calendarId ? { calendarId: call.calendarId } : {}),
      });
      rt.afterChange(call.mb, change, event.calendarId);
      return single(call, event, 201);
    }),
    ...mailboxRoutes("GET", calendarPaths("/events/:eventId"), "read", rt, (call) =>
      single(call, eventIn(call), 200, parseODataQuery(call.req.query)),
    ),
    ...mailboxRoutes("PATCH", calendarPaths("/events/:eventId"), "write", rt, (call) => {
      const current = eventIn(call);
      const { event, change } = updateEvent(call.mb, current.id, call.req.json, {
        now: call.now,
        ifMatch: ifMatchOf(call),
      });
      rt.afterChange(call.mb, change, event.calendarId);
      return single(call, event, 200);
    }),
    ...mailboxRoutes("DELETE", calendarPaths("/events/:eventId"), "write", rt, (call) => {
      const current = eventIn(call);
      const { change } = deleteEvent(call.mb, current.id, { now: call.now, ifMatch: ifMatchOf(call) });
      rt.afterChange(call.mb, change, current.calendarId);
      return { status: 204 };
    }),
    ...mailboxRoutes("GET", calendarPaths("/events/:eventId/instances"), "read", rt, (call) => {
      const master = eventIn(call);
      const w = parseWindow(call.req.query);
      const q = parseODataQuery(call.req.query);
      const items = master.type === "seriesMaster" ? expandSeries(master, call.mb.exceptionsOf(master.id), w) : [];
      return {
        status: 200,
        body: collectionBody(call, `events('${call.idOut(master.id)}')/instances`, filterAndSort(items, q), q),
      };
    }),
  ];
}

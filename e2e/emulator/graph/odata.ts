/**
 * OData query options for event collections (graph-behaviour.md §2 "OData options", §5):
 * `$select`, `$top`, `$skip`, `$orderby` (start/dateTime etc., asc|desc), `$filter` (odata-filter.ts),
 * `$expand=singleValueExtendedProperties($filter=id eq '…' [or id eq '…'])`. Malformed or unsupported
 * options are 400 `BadRequest` (§4.4 "BadRequest (bad OData)"); unknown $select names use OData's
 * "Could not find a property named …" message.
 */
import { badODataRequest } from "./errors";
import { parseFilter, type FilterExpr } from "./odata-filter";
import type { StoredEvent } from "./event-types";

/** Selectable event properties (CSDL event + outlookItem + entity). */
export const EVENT_PROPERTIES = [
  "id",
  "createdDateTime",
  "lastModifiedDateTime",
  "changeKey",
  "categories",
  "transactionId",
  "originalStartTimeZone",
  "originalEndTimeZone",
  "iCalUId",
  "reminderMinutesBeforeStart",
  "isReminderOn",
  "hasAttachments",
  "subject",
  "bodyPreview",
  "importance",
  "sensitivity",
  "isAllDay",
  "isCancelled",
  "isOrganizer",
  "responseRequested",
  "seriesMasterId",
  "showAs",
  "type",
  "webLink",
  "onlineMeetingUrl",
  "isOnlineMeeting",
  "onlineMeetingProvider",
  "allowNewTimeProposals",
  "isDraft",
  "hideAttendees",
  "responseStatus",
  "body",
  "start",
  "end",
  "location",
  "locations",
  "recurrence",
  "attendees",
  "organizer",
  "onlineMeeting",
  "originalStart",
  "cancelledOccurrences",
] as const;

const ORDERABLE = ["start/dateTime", "end/dateTime", "subject", "createdDateTime", "lastModifiedDateTime"] as const;
export type OrderBy = { field: (typeof ORDERABLE)[number]; desc: boolean };

export type ODataQuery = {
  select?: string[];
  top?: number;
  skip?: number;
  orderBy?: OrderBy[];
  filter?: FilterExpr;
  expandExtendedPropertyIds?: string[];
  /** Present (any value) when the request had them; delta rejects these (§3). */
  search?: string;
  count?: boolean;
};

export type QueryInput = URLSearchParams | Record<string, string | undefined>;

/** Query option lookup, case-insensitive on the name, `$` required (v1.0). */
export function queryValue(q: QueryInput, name: string): string | undefined {
  const entries = q instanceof URLSearchParams ? [...q.entries()] : Object.entries(q);
  const hit = entries.find(([k]) => k.toLowerCase() === name.toLowerCase());
  return hit?.[1] ?? undefined;
}

function nonNegativeInt(raw: string, name: string): number {
  if (!/^\d+$/.test(raw.trim())) throw badODataRequest(`Invalid value '${raw}' for query option ${name}.`);
  return Number(raw);
}

const canonical = new Map(EVENT_PROPERTIES.map((p) => [p.toLowerCase(), p]));

function parseSelect(raw: string): string[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => {
      const hit = canonical.get(name.toLowerCase());
      if (!hit) throw badODataRequest(`Could not find a property named '${name}' on type 'microsoft.graph.event'.`);
      return hit;
    });
}

function parseOrderBy(raw: string): OrderBy[] {
  return raw.split(",").map((part) => {
    const [field = "", dir = "asc", extra] = part.trim().split(/\s+/);
    const f = ORDERABLE.find((o) => o.toLowerCase() === field.toLowerCase());
    if (!f || extra !== undefined || !["asc", "desc"].includes(dir.toLowerCase())) {
      throw badODataRequest(`The $orderby expression '${part.trim()}' is not supported.`);
    }
    return { field: f, desc: dir.toLowerCase() === "desc" };
  });
}

const EXPAND = /^singleValueExtendedProperties\(\s*\$filter\s*=\s*(.+)\)$/i;

/** Only `id eq '…'` terms joined by `or`: the only way Graph lets you read extended properties (§5). */
function parseExpand(raw: string): string[] {
  const m = EXPAND.exec(raw.trim());
  if (!m || m[1] === undefined)
    throw badODataRequest(`Parsing OData Select and Expand failed: unsupported $expand '${raw}'.`);
  const ids: string[] = [];
  const walk = (e: FilterExpr): void => {
    if (e.kind === "or") {
      walk(e.left);
      walk(e.right);
      return;
    }
    if (e.kind === "cmp" && e.op === "eq" && e.path.join("/").toLowerCase() === "id" && typeof e.value === "string") {
      ids.push(e.value);
      return;
    }
    throw badODataRequest("Extended properties can only be expanded with $filter=id eq '…'.");
  };
  walk(parseFilter(m[1]));
  return ids;
}

export function parseODataQuery(q: QueryInput): ODataQuery {
  const out: ODataQuery = {};
  const select = queryValue(q, "$select");
  if (select !== undefined) out.select = parseSelect(select);
  const top = queryValue(q, "$top");
  if (top !== undefined) out.top = nonNegativeInt(top, "$top");
  const skip = queryValue(q, "$skip");
  if (skip !== undefined) out.skip = nonNegativeInt(skip, "$skip");
  const orderBy = queryValue(q, "$orderby");
  if (orderBy !== undefined) out.orderBy = parseOrderBy(orderBy);
  const filter = queryValue(q, "$filter");
  if (filter !== undefined) out.filter = parseFilter(filter);
  const expand = queryValue(q, "$expand");
  if (expand !== undefined) out.expandExtendedPropertyIds = parseExpand(expand);
  const search = queryValue(q, "$search");
  if (search !== undefined) out.search = search;
  const count = queryValue(q, "$count");
  if (count !== undefined) out.count = count.toLowerCase() === "true";
  return out;
}

const sortKey = (ev: StoredEvent, field: OrderBy["field"]): number | string => {
  switch (field) {
    case "start/dateTime":
      return ev.startMs;
    case "end/dateTime":
      return ev.endMs;
    case "subject":
      return ev.subject.toLowerCase();
    case "createdDateTime":
      return ev.createdMs;
    case "lastModifiedDateTime":
      return ev.lastModifiedMs;
  }
};

/** Stable sort; ties broken by id so pages never shuffle between requests. */
export function sortEvents(events: readonly StoredEvent[], orderBy: readonly OrderBy[] | undefined): StoredEvent[] {
  const keys: OrderBy[] = orderBy && orderBy.length > 0 ? [...orderBy] : [{ field: "start/dateTime", desc: false }];
  return [...events].sort((a, b) => {
    for (const k of keys) {
      const x = sortKey(a, k.field);
      const y = sortKey(b, k.field);
      if (x !== y) return (x < y ? -1 : 1) * (k.desc ? -1 : 1);
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

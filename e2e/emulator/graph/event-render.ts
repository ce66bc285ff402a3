/**
 * StoredEvent -> Graph JSON (graph-behaviour.md §1, §4.1 response example). start/end in UTC unless
 * Prefer: outlook.timezone (all-day events stay midnight-to-midnight in any zone); body as HTML
 * unless Prefer: outlook.body-content-type="text"; `$select` keeps `@odata.etag` and `id` and drops
 * everything unselected; extended properties only when `$expand`ed by id; transactionId only if set.
 */
import type { StoredEvent } from "./event-types";
import { etagFor } from "./ids";
import {
  formatUtcSeconds,
  formatUtcTimestamp,
  renderDateTimeTimeZone,
  renderWallClock,
  type ResolvedZone,
} from "./time-zones";

export type RenderContext = {
  timeZone?: ResolvedZone;
  bodyContentType?: "text" | "html";
  /** $select property names; undefined/null = all. */
  select?: readonly string[] | null;
  /** $expand=singleValueExtendedProperties($filter=id eq '…') ids; undefined = not expanded. */
  expandExtendedPropertyIds?: readonly string[] | null;
  /** Delta items carry "@odata.type" (§3 response items). */
  includeODataType?: boolean;
  /** Internal (immutable) id -> the id form this response uses (id-forms.ts); identity when absent. */
  idOut?: (id: string) => string;
};

export const webLinkFor = (id: string) =>
  `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`;

/** Every property a full event representation has, in Graph's order. */
export function fullEventJson(ev: StoredEvent, ctx: RenderContext = {}): Record<string, unknown> {
  const idOut = ctx.idOut ?? ((id: string) => id);
  const when = (ms: number, local: string) =>
    ev.isAllDay ? renderWallClock(local, ctx.timeZone) : renderDateTimeTimeZone(ms, ctx.timeZone);
  const json: Record<string, unknown> = {
    id: idOut(ev.id),
    createdDateTime: formatUtcTimestamp(ev.createdMs),
    lastModifiedDateTime: formatUtcTimestamp(ev.lastModifiedMs),
    changeKey: ev.changeKey,
    categories: [...ev.categories],
    ...(ev.transactionId ? { transactionId: ev.transactionId } : {}),
    originalStartTimeZone: ev.startTimeZone,
    originalEndTimeZone: ev.endTimeZone,
    iCalUId: ev.iCalUId,
    reminderMinutesBeforeStart: ev.reminderMinutesBeforeStart,
    isReminderOn: ev.isReminderOn,
    hasAttachments: false,
    subject: ev.subject,
    bodyPreview: ev.bodyText.replace(/\s+/g, " ").trim().slice(0, 255),
    importance: ev.importance,
    sensitivity: ev.sensitivity,
    isAllDay: ev.isAllDay,
    isCancelled: ev.isCancelled,
    isOrganizer: ev.isOrganizer,
    responseRequested: ev.responseRequested,
    seriesMasterId: ev.seriesMasterId === null ? null : idOut(ev.seriesMasterId),
    showAs: ev.showAs,
    type: ev.type,
    webLink: webLinkFor(idOut(ev.id)),
    onlineMeetingUrl: null,
    isOnlineMeeting: ev.isOnlineMeeting,
    onlineMeetingProvider: ev.onlineMeetingProvider,
    allowNewTimeProposals: ev.allowNewTimeProposals,
    isDraft: ev.isDraft,
    hideAttendees: ev.hideAttendees,
    responseStatus: { ...ev.responseStatus },
    body:
      ctx.bodyContentType === "text"
        ? { contentType: "text", content: ev.bodyText }
        : { contentType: "html", content: ev.bodyHtml },
    start: when(ev.startMs, ev.startLocal),
    end: when(ev.endMs, ev.endLocal),
    location: structuredClone(ev.location),
    locations: structuredClone(ev.locations),
    recurrence: ev.recurrence ? structuredClone(ev.recurrence) : null,
    attendees: structuredClone(ev.attendees),
    organizer: structuredClone(ev.organizer),
    onlineMeeting: ev.onlineMeeting ? { ...ev.onlineMeeting } : null,
    cancelledOccurrences: [...ev.cancelledOccurrences],
  };
  if (ev.originalStartMs !== null) json.originalStart = formatUtcSeconds(ev.originalStartMs);
  return json;
}

/** The event as a response item: annotations + selected properties (+ expanded extended properties). */
export function renderEvent(ev: StoredEvent, ctx: RenderContext = {}): Record<string, unknown> {
  const full = fullEventJson(ev, ctx);
  const out: Record<string, unknown> = {};
  if (ctx.includeODataType) out["@odata.type"] = "#microsoft.graph.event";
  out["@odata.etag"] = etagFor(ev.changeKey);
  if (ctx.select && ctx.select.length > 0) {
    out.id = full.id;
    for (const name of ctx.select) if (name in full) out[name] = full[name];
  } else Object.assign(out, full);
  if (ctx.expandExtendedPropertyIds) {
    const wanted = new Set(ctx.expandExtendedPropertyIds);
    const props = ev.singleValueExtendedProperties.filter((p) => wanted.has(p.id)).map((p) => ({ ...p }));
    // With no matching property Graph leaves the navigation out of the item [UNV].
    if (props.length > 0) out.singleValueExtendedProperties = props;
  }
  return out;
}

/** What a delta round says about an item that is gone or outside the window (§3). */
export const removedItem = (id: string, reason: "deleted" | "changed" = "deleted") => ({
  "@odata.type": "#microsoft.graph.event",
  id,
  "@removed": { reason },
});

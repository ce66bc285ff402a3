/**
 * Event verbs on a mailbox (graph-behaviour.md §4): create (transactionId replay returns the first
 * event), get (occurrence ids resolve through their master), update (If-Match -> 412; PATCHing an
 * occurrence makes an exception), delete (an occurrence or exception becomes a cancelled
 * occurrence; a master takes its exceptions with it). Every change bumps changeKey and lands in the
 * journal; the returned `change` is what the notifier needs.
 */
import { invalidIdMalformed, irresolvableConflict, itemNotFound } from "./errors";
import { createStoredEvent, patchStoredEvent } from "./event-normalise";
import type { StoredEvent } from "./event-types";
import { isMalformedId, resolveId } from "./id-forms";
import { changeKeyFor, parseOccurrenceId } from "./ids";
import { isDeletedItemsFolder, type Mailbox } from "./mailbox";
import { occurrenceFromSlot, occurrenceKey, seriesSlots } from "./recurrence-expand";

export type Change = { changeType: "created" | "updated" | "deleted"; eventId: string; changeKey?: string };
type WriteOptions = { now: number; asOutlook?: boolean; ifMatch?: string | null };

function bump(ev: StoredEvent, now: number): void {
  ev.version += 1;
  ev.changeKey = changeKeyFor(ev.id, ev.version);
  ev.lastModifiedMs = now;
}

/** `If-Match: W/"<changeKey>"`, `"<changeKey>"` or `*` (§4.2). */
function checkIfMatch(ev: StoredEvent, ifMatch: string | null | undefined): void {
  if (!ifMatch || ifMatch.trim() === "*") return;
  const tag = ifMatch.trim().replace(/^W\//, "").replace(/^"|"$/g, "");
  if (tag !== ev.changeKey) throw irresolvableConflict();
}

function record(mb: Mailbox, rootId: string, changeType: Change["changeType"], now: number, apply: () => void): void {
  const before = mb.snapshot(rootId);
  apply();
  mb.journal.append({ atMs: now, rootId, changeType, before });
}

/**
 * Stored event, or the occurrence an occurrence id names (cancelled/out-of-series -> 404). Either id
 * form is accepted (id-forms.ts); an id that cannot be an Exchange id is 400 ErrorInvalidIdMalformed.
 */
export function getEvent(mb: Mailbox, given: string): StoredEvent {
  if (isMalformedId(given)) throw invalidIdMalformed();
  const id = resolveId(mb, given);
  const stored = mb.events.get(id);
  if (stored) return stored;
  const occ = parseOccurrenceId(id);
  const master = occ && mb.events.get(occ.masterId);
  if (!occ || !master || master.type !== "seriesMaster") throw itemNotFound();
  const slot = seriesSlots(master, occ.originalStartMs + 1).find((s) => s.originalStartMs === occ.originalStartMs);
  if (!slot || master.cancelledOccurrences.includes(occurrenceKey(master.id, slot.localDate))) throw itemNotFound();
  return occurrenceFromSlot(master, slot);
}

export function createEvent(
  mb: Mailbox,
  body: unknown,
  opts: WriteOptions & { calendarId?: string },
): { event: StoredEvent; replayed: boolean; change?: Change } {
  const tx =
    typeof (body as { transactionId?: unknown })?.transactionId === "string"
      ? (body as { transactionId: string }).transactionId
      : null;
  const existing = tx ? replayOf(mb, tx, opts.now) : undefined;
  if (existing) return { event: existing, replayed: true };
  const calendarId = opts.calendarId ?? mb.defaultCalendarId;
  if (!mb.calendars.has(calendarId)) throw itemNotFound();
  const event = createStoredEvent(body, {
    id: mb.nextEventId(),
    calendarId,
    owner: mb.owner,
    now: opts.now,
    asOutlook: opts.asOutlook,
    zoneNames: mb.behaviour.zoneNames,
  });
  record(mb, event.id, "created", opts.now, () => {
    mb.events.set(event.id, event);
    if (tx) mb.transactionIds.set(tx, { eventId: event.id, createdMs: opts.now });
  });
  return { event, replayed: false, change: { changeType: "created", eventId: event.id, changeKey: event.changeKey } };
}

export function updateEvent(
  mb: Mailbox,
  id: string,
  body: unknown,
  opts: WriteOptions,
): { event: StoredEvent; change: Change } {
  const current = getEvent(mb, id);
  checkIfMatch(current, opts.ifMatch);
  const rootId = current.seriesMasterId ?? current.id;
  let next = patchStoredEvent(current, body, { ...opts, zoneNames: mb.behaviour.zoneNames });
  if (current.type === "occurrence") next = { ...next, type: "exception" }; // materialise the exception
  const master = current.seriesMasterId ? mb.events.get(current.seriesMasterId) : undefined;
  const recurrenceChanged =
    current.type === "seriesMaster" && JSON.stringify(current.recurrence) !== JSON.stringify(next.recurrence);
  record(mb, rootId, "updated", opts.now, () => {
    bump(next, opts.now);
    mb.events.set(next.id, next);
    // A new pattern invalidates the old slots: Outlook drops exceptions and cancellations [UNV].
    if (recurrenceChanged) {
      for (const ex of mb.exceptionsOf(next.id)) mb.events.delete(ex.id);
      next.cancelledOccurrences = [];
    }
    if (master && current.type === "occurrence") bump(master, opts.now);
  });
  return { event: next, change: { changeType: "updated", eventId: next.id, changeKey: next.changeKey } };
}

/**
 * The event a replayed transactionId hands back. Without a window: the live event first created under
 * it. With a window (realistic): whatever that event is now — in Deleted Items or purged — for as
 * long as the window lasts since its creation (issue 20 item 3).
 */
function replayOf(mb: Mailbox, tx: string, now: number): StoredEvent | undefined {
  const rec = mb.transactionIds.get(tx);
  if (!rec) return undefined;
  const window = mb.behaviour.transactionIdWindowMs;
  if (window === null) return mb.events.get(rec.eventId);
  if (now - rec.createdMs >= window) {
    mb.transactionIds.delete(tx);
    return undefined;
  }
  return mb.events.get(rec.eventId) ?? mb.purged.get(rec.eventId);
}

/**
 * Realistic `deletedItems`: a single event or a series leaves the calendar for Deleted Items, keeping
 * its (immutable) id, readable and patchable by id; the journal records a deletion, so delta and
 * notifications report it as gone (§4.3). An item already there is purged by the next delete.
 */
function moveToDeletedItems(mb: Mailbox, ev: StoredEvent, opts: WriteOptions): void {
  record(mb, ev.id, "deleted", opts.now, () => {
    for (const ex of ev.type === "seriesMaster" ? mb.exceptionsOf(ev.id) : []) ex.calendarId = mb.deletedItemsFolderId;
    ev.calendarId = mb.deletedItemsFolderId;
    bump(ev, opts.now);
    mb.moves.set(ev.id, (mb.moves.get(ev.id) ?? 0) + 1); // the default id changes with the folder (§1 id)
  });
}

export function deleteEvent(mb: Mailbox, id: string, opts: WriteOptions): { change: Change } {
  const current = getEvent(mb, id);
  checkIfMatch(current, opts.ifMatch);
  if (mb.behaviour.deletedItems && !current.seriesMasterId && !isDeletedItemsFolder(current.calendarId)) {
    moveToDeletedItems(mb, current, opts);
    return { change: { changeType: "deleted", eventId: current.id } };
  }
  const master = current.seriesMasterId ? mb.events.get(current.seriesMasterId) : undefined;
  const rootId = master?.id ?? current.id;
  record(mb, rootId, master ? "updated" : "deleted", opts.now, () => {
    if (master && current.originalStartMs !== null) {
      const slot = seriesSlots(master, current.originalStartMs + 1).find(
        (s) => s.originalStartMs === current.originalStartMs,
      );
      if (slot)
        master.cancelledOccurrences = [...master.cancelledOccurrences, occurrenceKey(master.id, slot.localDate)];
      mb.events.delete(current.id);
      bump(master, opts.now);
      return;
    }
    for (const ex of current.type === "seriesMaster" ? mb.exceptionsOf(current.id) : []) mb.events.delete(ex.id);
    mb.events.delete(current.id);
    const tx = current.transactionId ? mb.transactionIds.get(current.transactionId) : undefined;
    if (tx && mb.behaviour.transactionIdWindowMs !== null) mb.purged.set(current.id, current);
    else if (current.transactionId) mb.transactionIds.delete(current.transactionId);
  });
  return { change: { changeType: "deleted", eventId: current.id } };
}

/**
 * A series master + its stored exceptions -> the instances overlapping a window
 * (graph-behaviour.md §2: occurrences and exceptions, never the master, never cancelled
 * occurrences). Occurrence times are wall-clock in the recurrence zone, so a 09:00 weekly
 * meeting stays 09:00 across DST changes. Occurrence ids derive from (master id, original start).
 */
import { DateTime } from "luxon";
import type { StoredEvent } from "./event-types";
import { iCalUIdFor, occurrenceId } from "./ids";
import { recurrenceDates } from "./recurrence";
import { resolveZone } from "./time-zones";

export type Window = { startMs: number; endMs: number };

/** Graph's occurrenceId string, the format cancelledOccurrences holds: "OID.<masterId>.<yyyy-MM-dd>". */
export const occurrenceKey = (masterId: string, localDate: string) => `OID.${masterId}.${localDate}`;

/** Half-open overlap; zero-length items count when they start inside the window. */
export function overlaps(item: { startMs: number; endMs: number }, w: Window): boolean {
  if (item.endMs === item.startMs) return item.startMs >= w.startMs && item.startMs < w.endMs;
  return item.startMs < w.endMs && item.endMs > w.startMs;
}

export type Slot = {
  localDate: string;
  originalStartMs: number;
  startMs: number;
  endMs: number;
  startLocal: string;
  endLocal: string;
};

/** Every slot of the series whose original start is before `untilMs` (for noEnd series). */
export function seriesSlots(master: StoredEvent, untilMs: number): Slot[] {
  const rec = master.recurrence;
  if (!rec) return [];
  const recZone = resolveZone(rec.range.recurrenceTimeZone)?.iana ?? resolveZone(master.startTimeZone)?.iana ?? "UTC";
  const eventZone = resolveZone(master.startTimeZone)?.iana ?? "UTC";
  const masterStart = DateTime.fromMillis(master.startMs, { zone: recZone });
  const time = { hour: masterStart.hour, minute: masterStart.minute, second: masterStart.second };
  const allDayDays = Math.round(
    DateTime.fromISO(master.endLocal, { zone: "UTC" }).diff(
      DateTime.fromISO(master.startLocal, { zone: "UTC" }),
      "days",
    ).days,
  );
  const durationMs = master.endMs - master.startMs;
  const slots: Slot[] = [];
  for (const localDate of recurrenceDates(rec)) {
    let start: DateTime;
    let end: DateTime;
    if (master.isAllDay) {
      // All-day occurrences are whole local days in the event's zone.
      start = DateTime.fromISO(localDate, { zone: eventZone });
      end = start.plus({ days: allDayDays });
    } else {
      start = DateTime.fromISO(localDate, { zone: recZone }).set(time);
      end = start.plus({ milliseconds: durationMs });
    }
    if (start.toMillis() >= untilMs) break;
    slots.push({
      localDate,
      originalStartMs: start.toMillis(),
      startMs: start.toMillis(),
      endMs: end.toMillis(),
      startLocal: start.setZone(eventZone).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
      endLocal: end.setZone(resolveZone(master.endTimeZone)?.iana ?? eventZone).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
    });
  }
  return slots;
}

/** The occurrence view of one slot: the master's properties with the slot's identity and times. */
export function occurrenceFromSlot(master: StoredEvent, slot: Slot): StoredEvent {
  return {
    ...master,
    id: occurrenceId(master.id, slot.originalStartMs),
    type: "occurrence",
    seriesMasterId: master.id,
    originalStartMs: slot.originalStartMs,
    startMs: slot.startMs,
    endMs: slot.endMs,
    startLocal: slot.startLocal,
    endLocal: slot.endLocal,
    iCalUId: iCalUIdFor(`${master.id}:${slot.originalStartMs}`),
    transactionId: null,
    recurrence: null,
    cancelledOccurrences: [],
  };
}

/**
 * Instances of the series overlapping `w`: occurrences, plus exceptions (which may have been moved
 * into the window from anywhere), minus cancelled slots.
 */
export function expandSeries(master: StoredEvent, exceptions: readonly StoredEvent[], w: Window): StoredEvent[] {
  const cancelled = new Set(master.cancelledOccurrences);
  const exceptionStarts = new Set(exceptions.map((e) => e.originalStartMs));
  // Slots starting up to one duration before the window can still overlap it.
  const out: StoredEvent[] = [];
  for (const slot of seriesSlots(master, w.endMs)) {
    if (cancelled.has(occurrenceKey(master.id, slot.localDate))) continue;
    if (exceptionStarts.has(slot.originalStartMs)) continue;
    if (overlaps(slot, w)) out.push(occurrenceFromSlot(master, slot));
  }
  for (const ex of exceptions) if (overlaps(ex, w)) out.push(ex);
  return out;
}

/**
 * Realistic Outlook calendars for the demo instructors (issue item 9): recurring one-to-ones with an
 * exception and a cancelled occurrence, all-day holidays (one multi-day), a private appointment,
 * declined/tentative invitations, an event created in another time zone, a cancelled meeting, free
 * and out-of-office items — from about a month ago to a year ahead. Deterministic for a given seed
 * and `now`. Events go through the same verbs as the control API (asOutlook), so normalisation,
 * journal and ids are exactly what live edits produce.
 */
import { DateTime } from "luxon";
import { createEvent, deleteEvent, updateEvent } from "./event-store";
import { GraphStore, type MailboxOwner } from "./mailbox";
import { occurrenceId } from "./ids";
import { seriesSlots } from "./recurrence-expand";

export type SeedUser = { id: string; email: string; timeZone: string; displayName?: string };

/** mulberry32: tiny deterministic PRNG. */
function rng(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLLEAGUES = ["Dana Swope", "Alex Wilber", "Megan Bowen", "Lee Gu", "Isaiah Langer", "Lynne Robbins"];
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"] as const;

const nameFromEmail = (email: string) =>
  (email.split("@")[0] ?? email)
    .split(".")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join(" ");

/** Graph POST bodies for one user (before exceptions/cancellations, which need ids). */
export function seedEventBodies(user: SeedUser, now: number, seed = "demo"): Record<string, unknown>[] {
  const r = rng(`${seed}:${user.id}`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const zone = user.timeZone;
  const today = DateTime.fromMillis(now, { zone }).startOf("day");
  const at = (days: number, hour: number, minute = 0) => today.plus({ days }).set({ hour, minute });
  const dtz = (dt: DateTime, tz = zone) => ({ dateTime: dt.toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: tz });
  const colleague = pick(COLLEAGUES);
  const colleagueEmail = `${colleague.toLowerCase().replace(/ /g, ".")}@contoso.example`;
  const invite = (response: string) => ({
    isOrganizer: false,
    organizer: { emailAddress: { name: colleague, address: colleagueEmail } },
    responseStatus: {
      response,
      time: DateTime.fromMillis(now - 86_400_000, { zone: "UTC" }).toISO({ suppressMilliseconds: true }),
    },
    attendees: [
      { type: "required", emailAddress: { name: user.displayName ?? nameFromEmail(user.email), address: user.email } },
    ],
  });
  const weeklyDay = pick(WEEKDAYS);
  const weeklyStart = today
    .minus({ weeks: 4 })
    .plus({ days: (WEEKDAYS.indexOf(weeklyDay) + 1 - today.weekday + 7) % 7 })
    .set({ hour: 9 + Math.floor(r() * 3), minute: 30 });
  const biweeklyStart = weeklyStart.plus({ days: 2 }).set({ hour: 15, minute: 0 });
  const holiday = today.plus({ days: 20 + Math.floor(r() * 10) });
  const leave = today.plus({ days: 60 + Math.floor(r() * 30) });
  const firstOfMonth = today.startOf("month");
  return [
    {
      subject: `1:1 with ${colleague}`,
      body: { contentType: "text", content: "Weekly check-in.\nAgenda in the shared doc." },
      start: dtz(weeklyStart),
      end: dtz(weeklyStart.plus({ minutes: 30 })),
      location: { displayName: "Teams" },
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: [weeklyDay], firstDayOfWeek: "monday" },
        range: { type: "noEnd", startDate: weeklyStart.toISODate() },
      },
    },
    {
      subject: "Mentoring session",
      start: dtz(biweeklyStart),
      end: dtz(biweeklyStart.plus({ hours: 1 })),
      recurrence: {
        pattern: { type: "weekly", interval: 2, daysOfWeek: [biweeklyStart.weekdayLong?.toLowerCase() ?? "wednesday"] },
        range: {
          type: "endDate",
          startDate: biweeklyStart.toISODate(),
          endDate: biweeklyStart.plus({ months: 6 }).toISODate(),
        },
      },
    },
    {
      subject: "Team retro",
      start: dtz(firstOfMonth.set({ hour: 14 })),
      end: dtz(firstOfMonth.set({ hour: 15 })),
      recurrence: {
        pattern: { type: "relativeMonthly", interval: 1, daysOfWeek: ["friday"], index: "first" },
        range: { type: "numbered", startDate: firstOfMonth.toISODate(), numberOfOccurrences: 12 },
      },
    },
    {
      subject: "Public holiday",
      isAllDay: true,
      showAs: "free",
      start: dtz(holiday),
      end: dtz(holiday.plus({ days: 1 })),
    },
    { subject: "Annual leave", isAllDay: true, showAs: "oof", start: dtz(leave), end: dtz(leave.plus({ days: 5 })) },
    {
      subject: "Dentist",
      sensitivity: "private",
      start: dtz(at(3, 8, 30)),
      end: dtz(at(3, 9, 15)),
      body: { contentType: "text", content: "Private appointment" },
    },
    {
      subject: "Quarterly budget review",
      showAs: "busy",
      start: dtz(at(5, 13)),
      end: dtz(at(5, 14)),
      ...invite("declined"),
    },
    {
      subject: "Curriculum planning",
      showAs: "tentative",
      start: dtz(at(6, 11)),
      end: dtz(at(6, 12)),
      ...invite("tentativelyAccepted"),
    },
    // Created by the user while travelling: stored in a Windows zone name other than their own.
    {
      subject: "Call with Sydney office",
      start: dtz(today.plus({ days: 9 }).set({ hour: 8 }), "AUS Eastern Standard Time"),
      end: dtz(today.plus({ days: 9 }).set({ hour: 8, minute: 45 }), "AUS Eastern Standard Time"),
    },
    {
      subject: "Canceled: Vendor demo",
      isCancelled: true,
      start: dtz(at(8, 16)),
      end: dtz(at(8, 17)),
      ...invite("accepted"),
    },
    { subject: "Lunch walk", showAs: "free", start: dtz(at(2, 12, 30)), end: dtz(at(2, 13)) },
    {
      subject: "Conference travel",
      showAs: "oof",
      start: dtz(at(30, 7)),
      end: dtz(at(31, 19)),
      location: { displayName: "Manchester Central" },
    },
    { subject: "Workshop delivery (past)", start: dtz(at(-10, 9)), end: dtz(at(-10, 17)), categories: ["Training"] },
    {
      subject: "Company anniversary",
      isAllDay: true,
      showAs: "free",
      start: dtz(today.plus({ days: 100 })),
      end: dtz(today.plus({ days: 101 })),
      recurrence: {
        pattern: {
          type: "absoluteYearly",
          interval: 1,
          month: today.plus({ days: 100 }).month,
          dayOfMonth: today.plus({ days: 100 }).day,
        },
        range: { type: "noEnd", startDate: today.plus({ days: 100 }).toISODate() },
      },
    },
  ];
}

/** Populates (or creates) a store with every user's seeded calendar. */
export function seedCalendars(
  users: readonly SeedUser[],
  now: number,
  opts: { seed?: string; store?: GraphStore } = {},
): GraphStore {
  const store = opts.store ?? new GraphStore();
  for (const user of users) {
    const owner: MailboxOwner = {
      id: user.id,
      email: user.email,
      timeZone: user.timeZone,
      displayName: user.displayName ?? nameFromEmail(user.email),
    };
    const mb = store.find(user.id) ?? store.addUser(owner);
    const bodies = seedEventBodies(user, now, opts.seed);
    const [weekly] = bodies.map((b) => createEvent(mb, b, { now, asOutlook: true }).event);
    if (!weekly) continue;
    // One moved occurrence (exception) and one cancelled occurrence on the weekly 1:1.
    const slots = seriesSlots(weekly, now + 35 * 86_400_000).filter((s) => s.startMs > now);
    const [moved, , cancelled] = slots;
    if (moved)
      updateEvent(
        mb,
        occurrenceId(weekly.id, moved.originalStartMs),
        {
          subject: `${weekly.subject} (moved)`,
          start: { dateTime: new Date(moved.startMs + 3_600_000).toISOString().slice(0, 19), timeZone: "UTC" },
          end: { dateTime: new Date(moved.endMs + 3_600_000).toISOString().slice(0, 19), timeZone: "UTC" },
        },
        { now, asOutlook: true },
      );
    if (cancelled) deleteEvent(mb, occurrenceId(weekly.id, cancelled.originalStartMs), { now });
  }
  return store;
}

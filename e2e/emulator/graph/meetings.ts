/**
 * Meetings across mailboxes (issue 10 item 6; graph-behaviour.md §1 responseStatus/isCancelled,
 * §4.3 `cancel`): an attendee answers with accept / tentativelyAccept / decline (their copy's
 * `responseStatus`, and with `sendResponse` the organiser's `attendees[].status`); an organiser
 * cancels (the organiser's event is removed, attendees' copies get `isCancelled: true` and Outlook's
 * "Canceled: " subject prefix). Copies are matched by `iCalUId`, which organiser and attendee copies
 * share (§1). A declined meeting stays in the attendee's calendar as `declined` [UNV: Outlook may
 * move it to Deleted Items]. Error codes/texts for answering one's own meeting or cancelling someone
 * else's are [UNV].
 */
import { invalidRequest } from "./errors";
import { deleteEvent, getEvent, updateEvent, type Change } from "./event-store";
import type { ResponseType, StoredEvent } from "./event-types";
import type { Mailbox } from "./mailbox";
import { formatUtcTimestamp } from "./time-zones";

export type MeetingAction = "accept" | "tentativelyAccept" | "decline";
const RESPONSE: Record<MeetingAction, ResponseType> = {
  accept: "accepted",
  tentativelyAccept: "tentativelyAccepted",
  decline: "declined",
};

/** A change to report (notifications) in some mailbox. */
export type MailboxChange = { mb: Mailbox; change: Change; calendarId: string };

/** The organiser's / attendees' copies of a meeting: same iCalUId, in other mailboxes. */
function copiesIn(mailboxes: readonly Mailbox[], iCalUId: string): { mb: Mailbox; ev: StoredEvent }[] {
  return mailboxes.flatMap((mb) =>
    [...mb.events.values()].filter((ev) => ev.iCalUId === iCalUId).map((ev) => ({ mb, ev })),
  );
}

export function respondToMeeting(
  mb: Mailbox,
  eventId: string,
  action: MeetingAction,
  opts: { sendResponse: boolean; now: number; mailboxOf: (email: string) => Mailbox | undefined },
): MailboxChange[] {
  const ev = getEvent(mb, eventId);
  if (ev.isOrganizer)
    throw invalidRequest("Your request can't be completed. You can't respond to a meeting that you organized."); // [UNV]
  const status = { response: RESPONSE[action], time: formatUtcTimestamp(opts.now) };
  const own = updateEvent(mb, ev.id, { responseStatus: status }, { now: opts.now, asOutlook: true });
  const changes: MailboxChange[] = [{ mb, change: own.change, calendarId: own.event.calendarId }];
  const organiser = opts.sendResponse ? opts.mailboxOf(ev.organizer.emailAddress.address) : undefined;
  const root = ev.seriesMasterId ? mb.events.get(ev.seriesMasterId) : ev;
  for (const copy of organiser && root ? copiesIn([organiser], root.iCalUId) : []) {
    const me = mb.owner.email.toLowerCase();
    if (!copy.ev.attendees.some((a) => a.emailAddress.address.toLowerCase() === me)) continue;
    const attendees = copy.ev.attendees.map((a) =>
      a.emailAddress.address.toLowerCase() === me ? { ...a, status } : a,
    );
    const r = updateEvent(copy.mb, copy.ev.id, { attendees }, { now: opts.now, asOutlook: true });
    changes.push({ mb: copy.mb, change: r.change, calendarId: r.event.calendarId });
  }
  return changes;
}

export function cancelMeeting(
  mb: Mailbox,
  eventId: string,
  opts: { now: number; mailboxOf: (email: string) => Mailbox | undefined },
): MailboxChange[] {
  const ev = getEvent(mb, eventId);
  if (!ev.isOrganizer)
    throw invalidRequest("Your request can't be completed. You need to be an organizer to cancel a meeting."); // [UNV]
  const attendeeBoxes = ev.attendees
    .map((a) => opts.mailboxOf(a.emailAddress.address))
    .filter((m): m is Mailbox => m !== undefined && m !== mb);
  const changes: MailboxChange[] = [];
  for (const copy of copiesIn(attendeeBoxes, ev.iCalUId)) {
    const subject = copy.ev.subject.startsWith("Canceled: ") ? copy.ev.subject : `Canceled: ${copy.ev.subject}`;
    const r = updateEvent(copy.mb, copy.ev.id, { isCancelled: true, subject }, { now: opts.now, asOutlook: true });
    changes.push({ mb: copy.mb, change: r.change, calendarId: r.event.calendarId });
  }
  const removed = deleteEvent(mb, ev.id, { now: opts.now });
  changes.unshift({ mb, change: removed.change, calendarId: ev.calendarId });
  return changes;
}

/**
 * Meeting actions (issue 10 item 6): `POST …/events/{id}/accept|tentativelyAccept|decline`
 * (`{ comment?, sendResponse? = true }`) and `POST …/events/{id}/cancel` (`{ comment? }`), each
 * 202 with no body as Graph documents; and the control-API helper `POST /_emulator/meetings` that
 * puts a meeting organised by someone (an emulator user, or any address) into attendees' calendars.
 * Every mailbox touched notifies its subscribers.
 */
import { z } from "zod";
import { json } from "../../core/http";
import type { EmulatorRequest, Route } from "../../core/types";
import { createEvent } from "../event-store";
import { YEAR_ONE } from "../event-types";
import { outwardId } from "../id-forms";
import type { Mailbox } from "../mailbox";
import { cancelMeeting, respondToMeeting, type MailboxChange, type MeetingAction } from "../meetings";
import { calendarPaths } from "./paths";
import { errorResponse, mailboxRoutes } from "./pipeline";
import type { GraphRuntime } from "./runtime";

const Answer = z.object({ comment: z.string().optional(), sendResponse: z.boolean().optional() }).passthrough();
const CreateMeeting = z
  .object({
    organizer: z.string().min(1),
    attendees: z.array(z.string().min(1)).min(1),
    event: z.record(z.string(), z.unknown()),
  })
  .strict();

export function meetingRoutes(rt: GraphRuntime): Route[] {
  const mailboxOf = (email: string) => rt.mailbox(email);
  const report = (changes: MailboxChange[]) => changes.forEach((c) => rt.afterChange(c.mb, c.change, c.calendarId));
  const answer = (action: MeetingAction) =>
    mailboxRoutes("POST", calendarPaths(`/events/:eventId/${action}`), "write", rt, (call) => {
      const body = Answer.safeParse(call.req.json ?? {});
      const sendResponse = body.success ? (body.data.sendResponse ?? true) : true;
      report(
        respondToMeeting(call.mb, call.req.params.eventId ?? "", action, { sendResponse, now: call.now, mailboxOf }),
      );
      return { status: 202 };
    });
  return [
    ...answer("accept"),
    ...answer("tentativelyAccept"),
    ...answer("decline"),
    ...mailboxRoutes("POST", calendarPaths("/events/:eventId/cancel"), "write", rt, (call) => {
      report(cancelMeeting(call.mb, call.req.params.eventId ?? "", { now: call.now, mailboxOf }));
      return { status: 202 };
    }),
  ];
}

export function meetingControlRoutes(rt: GraphRuntime): Route[] {
  return [{ method: "POST", pattern: "/_emulator/meetings", handler: (req) => createMeeting(rt, req) }];
}

/** The organiser's event (when the organiser is an emulator user) and one copy per attendee mailbox, sharing one iCalUId. */
function createMeeting(rt: GraphRuntime, req: EmulatorRequest) {
  const body = CreateMeeting.safeParse(req.json ?? {});
  if (!body.success) return json(400, { error: "invalid_body", issues: body.error.issues });
  const now = rt.ctx.now();
  const boxes = body.data.attendees.map((a) => ({ given: a, mb: rt.mailbox(a) }));
  const unknown = boxes.find((b) => !b.mb);
  if (unknown) return json(404, { error: "not_found", message: `no user ${unknown.given}` });
  const organiserBox = rt.mailbox(body.data.organizer);
  const organizer = organiserBox
    ? { name: organiserBox.owner.displayName, address: organiserBox.owner.email }
    : { name: body.data.organizer, address: body.data.organizer };
  const attendees = boxes.map(({ mb }) => ({
    type: "required",
    status: { response: "none", time: YEAR_ONE },
    emailAddress: { name: mb?.owner.displayName, address: mb?.owner.email },
  }));
  try {
    let iCalUId: string | undefined;
    let organizerEventId: string | null = null;
    if (organiserBox) {
      const made = createEvent(organiserBox, { ...body.data.event, attendees }, { now, asOutlook: true });
      ({ iCalUId } = made.event);
      organizerEventId = outwardId(organiserBox, made.event.id, false);
      rt.afterChange(organiserBox, made.change, made.event.calendarId);
    }
    const attendeeEventIds: Record<string, string> = {};
    for (const { mb } of boxes as { mb: Mailbox }[]) {
      const copy = {
        ...body.data.event,
        attendees,
        organizer: { emailAddress: organizer },
        isOrganizer: false,
        responseStatus: { response: "notResponded", time: YEAR_ONE },
      };
      const made = createEvent(mb, copy, { now, asOutlook: true });
      iCalUId ??= made.event.iCalUId;
      made.event.iCalUId = iCalUId; // same meeting, same iCalUId in every calendar (§1)
      attendeeEventIds[mb.owner.email] = outwardId(mb, made.event.id, false);
      rt.afterChange(mb, made.change, made.event.calendarId);
    }
    return json(201, { iCalUId, organizerEventId, attendeeEventIds });
  } catch (err) {
    return errorResponse(req, now, err);
  }
}

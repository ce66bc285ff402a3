import { describe, expect, it } from "vitest";
import { createEvent, getEvent } from "./event-store";
import { GraphStore } from "./mailbox";
import { cancelMeeting, respondToMeeting } from "./meetings";
import { NOW } from "./test-helpers";

function meeting() {
  const store = new GraphStore();
  const organiser = store.addUser({ id: "org", displayName: "Olive Organiser", email: "olive@example.test" });
  const attendee = store.addUser({ id: "att", displayName: "Amelia Hart", email: "amelia@example.test" });
  const attendees = [{ emailAddress: { address: "amelia@example.test", name: "Amelia Hart" } }];
  const body = {
    subject: "Planning",
    start: { dateTime: "2026-03-23T10:00:00" },
    end: { dateTime: "2026-03-23T11:00:00" },
    attendees,
  };
  const org = createEvent(organiser, body, { now: NOW, asOutlook: true }).event;
  const copy = createEvent(
    attendee,
    {
      ...body,
      isOrganizer: false,
      organizer: { emailAddress: { address: "olive@example.test", name: "Olive" } },
      responseStatus: { response: "notResponded" },
    },
    { now: NOW, asOutlook: true },
  ).event;
  copy.iCalUId = org.iCalUId;
  return { store, organiser, attendee, org, copy, mailboxOf: (email: string) => store.find(email) };
}

describe("meeting responses (issue 10 item 6)", () => {
  it("accept with sendResponse updates the attendee's copy and the organiser's attendee status", () => {
    const m = meeting();
    const changes = respondToMeeting(m.attendee, m.copy.id, "accept", {
      sendResponse: true,
      now: NOW + 1000,
      mailboxOf: m.mailboxOf,
    });
    expect(changes.map((c) => c.mb.owner.id)).toEqual(["att", "org"]);
    expect(getEvent(m.attendee, m.copy.id).responseStatus.response).toBe("accepted");
    expect(getEvent(m.organiser, m.org.id).attendees[0]?.status.response).toBe("accepted");
  });

  it("decline without sendResponse leaves the organiser's copy alone; an organiser cannot answer their own meeting", () => {
    const m = meeting();
    respondToMeeting(m.attendee, m.copy.id, "decline", { sendResponse: false, now: NOW, mailboxOf: m.mailboxOf });
    expect(getEvent(m.attendee, m.copy.id).responseStatus.response).toBe("declined");
    expect(getEvent(m.organiser, m.org.id).attendees[0]?.status.response).toBe("none");
    expect(() =>
      respondToMeeting(m.organiser, m.org.id, "accept", { sendResponse: true, now: NOW, mailboxOf: m.mailboxOf }),
    ).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("cancel removes the organiser's event and marks attendees' copies cancelled; attendees cannot cancel", () => {
    const m = meeting();
    expect(() => cancelMeeting(m.attendee, m.copy.id, { now: NOW, mailboxOf: m.mailboxOf })).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    cancelMeeting(m.organiser, m.org.id, { now: NOW, mailboxOf: m.mailboxOf });
    expect(() => getEvent(m.organiser, m.org.id)).toThrow(expect.objectContaining({ status: 404 }));
    const copy = getEvent(m.attendee, m.copy.id);
    expect([copy.isCancelled, copy.subject]).toEqual([true, "Canceled: Planning"]);
  });
});

import type { EventDetail } from "@/db/queries/events";
import { instantToLocal } from "@/lib/time/zoned";
import type { EventLifecycle, MeetingProvider } from "@/lib/training/vocabulary";

export type SessionRowValue = { key: number; name: string; date: string; start: string; end: string };
export type ResourceRowValue = { key: number; name: string; quantity: number };
export type EventFormValues = {
  title: string;
  courseCode: string;
  lifecycle: EventLifecycle;
  locationId: string;
  venueId: string;
  /** "" follows the location's zone. */
  timeZone: string;
  meetingProvider: "" | MeetingProvider;
  meetingUrl: string;
  description: string;
  sessions: SessionRowValue[];
  resources: ResourceRowValue[];
};

export const emptyEventFormValues: EventFormValues = {
  title: "",
  courseCode: "",
  lifecycle: "draft",
  locationId: "",
  venueId: "",
  timeZone: "",
  meetingProvider: "",
  meetingUrl: "",
  description: "",
  sessions: [{ key: 0, name: "", date: "", start: "09:00", end: "17:00" }],
  resources: [],
};

/** The form shows sessions back as wall-clock times in the event's own zone. */
export function eventFormValues(detail: EventDetail): EventFormValues {
  const { event } = detail;
  return {
    title: event.title,
    courseCode: event.courseCode,
    lifecycle: event.lifecycle,
    locationId: event.locationId ?? "",
    venueId: event.venueId ?? "",
    timeZone: event.timeZone ?? "",
    meetingProvider: event.virtualMeetingProvider ?? "",
    meetingUrl: event.virtualMeetingUrl ?? "",
    description: event.description,
    sessions: detail.sessions.map((s, key) => {
      const start = instantToLocal(s.startsAt, detail.timeZone);
      return {
        key,
        name: s.name ?? "",
        date: start.slice(0, 10),
        start: start.slice(11),
        end: instantToLocal(s.endsAt, detail.timeZone).slice(11),
      };
    }),
    resources: detail.resources.map((r, key) => ({ key, name: r.name, quantity: r.quantity })),
  };
}

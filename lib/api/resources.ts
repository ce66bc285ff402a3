import { pushStatuses, type EventPushStatus } from "@/db/queries/push-status";
import { z } from "zod";
import type { EventDetail } from "@/db/queries/events";
import type { InstructorRow } from "@/db/queries/instructors";
import { instantToOffsetIso } from "@/lib/time/zoned";
import { assignmentRoleSchema, eventLifecycleSchema } from "@/lib/training/schemas";
import { meetingProviders } from "@/lib/training/vocabulary";

/** What /api/v1 returns. The schemas document the responses in the OpenAPI file. */
export const instructorResource = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  timeZone: z.string(),
  microsoftAccount: z
    .string()
    .nullable()
    .meta({ description: "Sign-in name a calendar connection must use, when set by an admin" }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export function toInstructorResource(row: InstructorRow): z.infer<typeof instructorResource> {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    timeZone: row.timeZone,
    microsoftAccount: row.microsoftAccount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const offsetDateTime = z.string().meta({
  description: "ISO 8601 in the event's time zone, with its offset",
  example: "2026-12-01T09:00:00.000-05:00",
});

export const eventResource = z.object({
  id: z.uuid(),
  title: z.string(),
  courseCode: z.string(),
  lifecycle: eventLifecycleSchema,
  timeZone: z.string().meta({ description: "The zone the event runs in (its own, else its location's)" }),
  timeZoneOverride: z.string().nullable(),
  location: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string(), address: z.string() }).nullable(),
  venue: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  virtualMeeting: z.object({ provider: z.enum(meetingProviders), joinUrl: z.string() }).nullable(),
  description: z.string(),
  sessions: z.array(
    z.object({ id: z.uuid(), name: z.string().nullable(), start: offsetDateTime, end: offsetDateTime }),
  ),
  resources: z.array(z.object({ name: z.string(), quantity: z.int() })),
  instructors: z.array(
    z.object({ instructorId: z.uuid(), name: z.string(), email: z.string(), role: assignmentRoleSchema }),
  ),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export function toEventResource(d: EventDetail): z.infer<typeof eventResource> {
  const { event } = d;
  return {
    id: event.id,
    title: event.title,
    courseCode: event.courseCode,
    lifecycle: event.lifecycle,
    timeZone: d.timeZone,
    timeZoneOverride: event.timeZone,
    location: d.location && {
      id: d.location.id,
      name: d.location.name,
      timeZone: d.location.timeZone,
      address: d.location.address,
    },
    venue: d.venue && { id: d.venue.id, name: d.venue.name },
    virtualMeeting:
      event.virtualMeetingProvider && event.virtualMeetingUrl
        ? { provider: event.virtualMeetingProvider, joinUrl: event.virtualMeetingUrl }
        : null,
    description: event.description,
    sessions: d.sessions.map((s) => ({
      id: s.id,
      name: s.name,
      start: instantToOffsetIso(s.startsAt, d.timeZone),
      end: instantToOffsetIso(s.endsAt, d.timeZone),
    })),
    resources: d.resources.map((r) => ({ name: r.name, quantity: r.quantity })),
    instructors: d.instructors.map((a) => ({
      instructorId: a.instructor.id,
      name: a.instructor.name,
      email: a.instructor.email,
      role: a.role,
    })),
    createdAt: event.createdAt.toISOString(),
    updatedAt: event.updatedAt.toISOString(),
  };
}

export const assignmentResource = z.object({ eventId: z.uuid(), instructorId: z.uuid(), role: assignmentRoleSchema });

export const listEventsQuery = z.object({
  lifecycle: eventLifecycleSchema.optional(),
  search: z.string().max(200).optional(),
  endingAfter: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: "Only events with a session ending after this instant" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const listInstructorsQuery = z.object({ search: z.string().max(200).optional() });

/** GET /events/{id}/push-status: where each booked instructor's entry of each session stands in Outlook. */
export const pushStatusResource = z.object({
  data: z.array(
    z.object({
      instructorId: z.uuid(),
      sessionId: z.uuid(),
      status: z.enum(pushStatuses),
      outlookEventId: z.string().nullable(),
      lastAttemptAt: z.iso.datetime().nullable(),
      error: z.string().nullable(),
    }),
  ),
});

export function toPushStatusResource(rows: readonly EventPushStatus[]): z.infer<typeof pushStatusResource> {
  return { data: rows.map((r) => ({ ...r, lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null })) };
}

import { z } from "zod";
import { isLocalDateTime, isOffsetDateTime, isValidTimeZone } from "@/lib/time/zoned";
import {
  assignmentRoles,
  eventLifecycles,
  meetingProviders,
  type AssignmentRole,
  type EventLifecycle,
} from "./vocabulary";

/**
 * The training domain's input shapes. The API handlers, the admin forms and the OpenAPI document
 * all use these, so what is documented is exactly what is validated.
 */
export const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: "Must be an IANA time zone such as Europe/London" })
  .meta({ description: "IANA time zone name", example: "America/New_York" });

export const dateTimeInputSchema = z
  .string()
  .refine((v) => isLocalDateTime(v) || isOffsetDateTime(v), {
    message: "Must be a date and time such as 2026-12-01T09:00 (in the event's time zone) or with an offset",
  })
  .meta({
    description:
      "Wall-clock time in the event's time zone (2026-12-01T09:00), or an instant with an offset (2026-12-01T14:00:00Z). Sessions fall between 1970-01-01 and 2099-12-31 (UTC) and last at most 14 days.",
  });

export const instructorInputSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(200),
  email: z.email("Must be an email address").trim().toLowerCase().max(320),
  timeZone: timeZoneSchema,
  microsoftAccount: z
    .preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? null : v),
      z.email("Must be a sign-in name such as tom.jones@contoso.com").trim().toLowerCase().max(320).nullish(),
    )
    .meta({
      description:
        "The instructor's Microsoft 365 sign-in name (UPN), when it differs from their email. A calendar connection is accepted only from this account (or, when unset, from the account whose sign-in name or verified email is `email`). Empty or null clears it.",
      example: "t.jones@corp.contoso.com",
    }),
});
export type InstructorInput = z.infer<typeof instructorInputSchema>;
export const instructorPatchSchema = instructorInputSchema.partial();
export type InstructorPatch = z.infer<typeof instructorPatchSchema>;

export const eventLifecycleSchema = z.enum(eventLifecycles);
export type { EventLifecycle };

export const sessionInputSchema = z.object({
  name: z.string().trim().max(200).nullish(),
  start: dateTimeInputSchema,
  end: dateTimeInputSchema,
});
export type SessionInput = z.infer<typeof sessionInputSchema>;

export const resourceInputSchema = z.object({
  name: z.string().trim().min(1, "Resource name is required").max(200),
  quantity: z.int().min(1, "Quantity must be at least 1").max(100_000).default(1),
});

export const virtualMeetingSchema = z.object({
  provider: z.enum(meetingProviders),
  joinUrl: z.url({ protocol: /^https?$/, message: "Must be an http(s) link" }),
});

export const eventInputSchema = z.object({
  title: z.string().trim().min(1, "Title is required").max(300),
  courseCode: z.string().trim().max(50).default(""),
  lifecycle: eventLifecycleSchema.default("draft"),
  timeZone: timeZoneSchema.nullish().meta({ description: "Overrides the location's time zone" }),
  locationId: z.uuid().nullish(),
  venueId: z.uuid().nullish(),
  virtualMeeting: virtualMeetingSchema.nullish(),
  description: z.string().max(20_000).default(""),
  sessions: z.array(sessionInputSchema).min(1, "An event needs at least one session").max(200),
  resources: z.array(resourceInputSchema).max(100).default([]),
});
export type EventInput = z.infer<typeof eventInputSchema>;

/** Every field optional; sessions and resources, when given, replace the whole list. */
export const eventPatchSchema = z.object({
  title: eventInputSchema.shape.title.optional(),
  courseCode: z.string().trim().max(50).optional(),
  lifecycle: eventLifecycleSchema.optional(),
  timeZone: eventInputSchema.shape.timeZone,
  locationId: z.uuid().nullish(),
  venueId: z.uuid().nullish(),
  virtualMeeting: virtualMeetingSchema.nullish(),
  description: z.string().max(20_000).optional(),
  sessions: eventInputSchema.shape.sessions.optional(),
  resources: z.array(resourceInputSchema).max(100).optional(),
});
export type EventPatch = z.infer<typeof eventPatchSchema>;

export const assignmentRoleSchema = z.enum(assignmentRoles);
export type { AssignmentRole };
export const assignmentInputSchema = z.object({ role: assignmentRoleSchema.default("lead") });

export const locationInputSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(200),
  timeZone: timeZoneSchema,
  address: z.string().trim().max(500).default(""),
});
export type LocationInput = z.infer<typeof locationInputSchema>;

export const venueInputSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(200),
});

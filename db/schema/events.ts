import { check, index, integer, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id, instant, updatedAt } from "./columns";
import { locations, venues } from "./locations";
import { eventLifecycles, meetingProviders } from "../../lib/training/vocabulary";

export const eventLifecycle = pgEnum("event_lifecycle", eventLifecycles);
export const virtualMeetingProvider = pgEnum("virtual_meeting_provider", meetingProviders);

export const events = pgTable(
  "events",
  {
    id: id(),
    title: text("title").notNull(),
    courseCode: text("course_code").notNull().default(""),
    lifecycle: eventLifecycle("lifecycle").notNull().default("draft"),
    /** Null means "follow the location's time zone". */
    timeZone: text("time_zone"),
    locationId: uuid("location_id").references(() => locations.id, { onDelete: "set null" }),
    venueId: uuid("venue_id").references(() => venues.id, { onDelete: "set null" }),
    virtualMeetingProvider: virtualMeetingProvider("virtual_meeting_provider"),
    virtualMeetingUrl: text("virtual_meeting_url"),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("events_lifecycle_idx").on(t.lifecycle)],
);

export const eventSessions = pgTable(
  "event_sessions",
  {
    id: id(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    name: text("name"),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
  },
  (t) => [
    index("event_sessions_event_idx").on(t.eventId),
    index("event_sessions_starts_at_idx").on(t.startsAt),
    check("event_sessions_ends_after_start", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const eventResources = pgTable(
  "event_resources",
  {
    id: id(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    quantity: integer("quantity").notNull().default(1),
  },
  (t) => [
    index("event_resources_event_idx").on(t.eventId),
    check("event_resources_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

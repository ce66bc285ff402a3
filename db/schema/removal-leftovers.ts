import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { calendarConnections } from "./calendar-connections";
import { id, instant } from "./columns";
import { instructors } from "./instructors";

/**
 * Entries we created in an instructor's Outlook that a removal could not delete because Microsoft
 * refused the token (the instructor revoked the app, or the grant died). Titles and times only: what
 * the admin needs to tell the instructor what to delete by hand, or what the finish-removal sign-in
 * will sweep. Cleared when a later sweep succeeds or the instructor connects again.
 */
export const removalLeftovers = pgTable(
  "removal_leftovers",
  {
    id: id(),
    instructorId: uuid("instructor_id")
      .notNull()
      .references(() => instructors.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => calendarConnections.id, { onDelete: "cascade" }),
    /** Outlook's immutable id, when we knew it; the finish-removal sweep finds entries by our extended property anyway. */
    outlookEventId: text("outlook_event_id").notNull(),
    title: text("title"),
    startsAt: instant("starts_at"),
    endsAt: instant("ends_at"),
    recordedAt: instant("recorded_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("removal_leftovers_connection_outlook_idx").on(t.connectionId, t.outlookEventId),
    index("removal_leftovers_instructor_idx").on(t.instructorId),
  ],
);

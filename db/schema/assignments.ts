import { index, integer, pgEnum, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { adminUsers } from "./admin-users";
import { createdAt, instant, updatedAt } from "./columns";
import { events } from "./events";
import { instructors } from "./instructors";
import { assignmentRoles } from "../../lib/training/vocabulary";

export const assignmentRole = pgEnum("assignment_role", assignmentRoles);

/** An instructor booked on an event. */
export const assignments = pgTable(
  "assignments",
  {
    /**
     * The booking's own identity, in Outlook entries' sync keys: a re-booking after an unassign is a
     * new assignment, so its entries never mix with the old ones still being deleted.
     */
    id: uuid("id")
      .notNull()
      .unique()
      .default(sql`gen_random_uuid()`),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    instructorId: uuid("instructor_id")
      .notNull()
      .references(() => instructors.id, { onDelete: "cascade" }),
    role: assignmentRole("role").notNull().default("lead"),
    /** Booked although the instructor had this many conflicts: who confirmed it and when (Conflicts). */
    conflictOverrideCount: integer("conflict_override_count"),
    conflictOverrideBy: uuid("conflict_override_by").references(() => adminUsers.id, { onDelete: "set null" }),
    conflictOverrideAt: instant("conflict_override_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.instructorId] }), index("assignments_instructor_idx").on(t.instructorId)],
);

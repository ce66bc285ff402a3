import { index, pgEnum, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { events } from "./events";
import { instructors } from "./instructors";
import { assignmentRoles } from "../../lib/training/vocabulary";

export const assignmentRole = pgEnum("assignment_role", assignmentRoles);

/** An instructor booked on an event. */
export const assignments = pgTable(
  "assignments",
  {
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    instructorId: uuid("instructor_id")
      .notNull()
      .references(() => instructors.id, { onDelete: "cascade" }),
    role: assignmentRole("role").notNull().default("lead"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.instructorId] }), index("assignments_instructor_idx").on(t.instructorId)],
);

import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id, updatedAt } from "./columns";

export const instructors = pgTable(
  "instructors",
  {
    id: id(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    timeZone: text("time_zone").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // Emails are compared case-insensitively: Microsoft sign-in names arrive in any case.
  (t) => [uniqueIndex("instructors_email_lower_idx").on(sql`lower(${t.email})`)],
);

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
    /**
     * The Microsoft account (UPN) an admin set explicitly, for organisations whose sign-in names
     * differ from mail addresses. When set, a connection must be made with this account, not `email`.
     */
    microsoftAccount: text("microsoft_account"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // Emails are compared case-insensitively: Microsoft sign-in names arrive in any case.
  (t) => [uniqueIndex("instructors_email_lower_idx").on(sql`lower(${t.email})`)],
);

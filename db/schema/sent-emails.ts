import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { id, instant } from "./columns";
import { instructors } from "./instructors";

/**
 * Every email sent. The body is kept only when the dev outbox is the transport (it is the outbox);
 * with SMTP only the record of the send remains.
 */
export const sentEmails = pgTable(
  "sent_emails",
  {
    id: id(),
    kind: text("kind", {
      enum: [
        "invitation",
        "invitation_reminder",
        "reconnect",
        "connected",
        "connection_changed",
        "finish_removal",
        "connection_digest",
      ],
    }).notNull(),
    instructorId: uuid("instructor_id").references(() => instructors.id, { onDelete: "set null" }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    transport: text("transport", { enum: ["smtp", "dev-outbox"] }).notNull(),
    html: text("html"),
    text: text("text"),
    sentAt: instant("sent_at").notNull(),
  },
  (t) => [index("sent_emails_sent_at_idx").on(t.sentAt), index("sent_emails_instructor_idx").on(t.instructorId)],
);

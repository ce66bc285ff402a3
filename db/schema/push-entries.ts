import { index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { pushEntryStatuses } from "../../lib/sync/push-entry-status";
import { calendarConnections } from "./calendar-connections";
import { createdAt, id, instant, updatedAt } from "./columns";

export const pushEntryStatus = pgEnum("push_entry_status", pushEntryStatuses);

/**
 * One Outlook entry Push owns: an (assignment, session) in an instructor's calendar, and what
 * became of it. The assignment, session and event ids carry no foreign keys on purpose: when an
 * instructor is unassigned or an event deleted, the row must outlive them until Outlook's copy is
 * deleted. Only the connection cascades: without it the mailbox is out of reach anyway.
 */
export const pushEntries = pgTable(
  "push_entries",
  {
    id: id(),
    assignmentId: uuid("assignment_id").notNull(),
    sessionId: uuid("session_id").notNull(),
    eventId: uuid("event_id").notNull(),
    instructorId: uuid("instructor_id").notNull(),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => calendarConnections.id, { onDelete: "cascade" }),
    /** Immutable id of the entry in Outlook; null until a create is confirmed (or after a 404). */
    outlookEventId: text("outlook_event_id"),
    /** Hash of the content Outlook was last confirmed to hold (lib/sync/content-hash.ts). */
    contentHash: text("content_hash"),
    /**
     * Outlook's version of the entry as our last write (create or update) left it: its changeKey,
     * which Outlook changes on every edit of any field, and its lastModifiedDateTime. Pull compares
     * what it sees with them (lib/sync/push-drift.ts); null before the first confirmed write.
     */
    outlookChangeKey: text("outlook_change_key"),
    outlookModifiedAt: instant("outlook_modified_at"),
    status: pushEntryStatus("status").notNull().default("pending"),
    /** Part of the create's transactionId; moves on only when the entry must be created anew. */
    generation: integer("generation").notNull().default(1),
    lastAttemptAt: instant("last_attempt_at"),
    /** Why the last attempt failed, for the event page and the API. */
    error: text("error"),
    /** Per-(assignment, session) lease, so two pushes of one entry never run at once across processes. */
    leaseHolder: text("lease_holder"),
    leaseUntil: instant("lease_until"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("push_entries_assignment_session_idx").on(t.assignmentId, t.sessionId),
    index("push_entries_event_idx").on(t.eventId),
    index("push_entries_instructor_idx").on(t.instructorId),
    index("push_entries_connection_status_idx").on(t.connectionId, t.status),
  ],
);

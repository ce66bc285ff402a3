import { index, pgTable, text, uuid, check } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { pushHistoryActions } from "../../lib/sync/push-history-action";
import { id, instant } from "./columns";
import { syncRuns } from "./sync-runs";

/**
 * An event's push history: one line per thing that happened to one of its Outlook entries, for the
 * event page. Like push_entries, the event, instructor, assignment and session ids carry no foreign
 * keys: a line outlives an unassigned booking or a deleted session, which is when it matters most.
 * `trigger` is copied from the run (the run row goes with its connection; the history stays).
 */
export const pushHistory = pgTable(
  "push_history",
  {
    id: id(),
    eventId: uuid("event_id").notNull(),
    instructorId: uuid("instructor_id").notNull(),
    assignmentId: uuid("assignment_id").notNull(),
    sessionId: uuid("session_id").notNull(),
    /** The push run that acted, or the pull run that saw the instructor's change. */
    runId: uuid("run_id").references(() => syncRuns.id, { onDelete: "set null" }),
    trigger: text("trigger"),
    action: text("action").notNull(),
    error: text("error"),
    at: instant("at").notNull().defaultNow(),
  },
  (t) => [
    index("push_history_event_idx").on(t.eventId, t.at),
    check("push_history_action_known", sql.raw(`"action" in (${pushHistoryActions.map((a) => `'${a}'`).join(", ")})`)),
  ],
);

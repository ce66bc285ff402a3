import { index, integer, jsonb, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { calendarConnections } from "./calendar-connections";
import { id, instant } from "./columns";

/** What started a run: the cadence, an admin's button, a Graph change notification, the first sync after connecting, the JSON API. */
export const syncTrigger = pgEnum("sync_trigger", ["schedule", "manual", "notification", "connect", "api"]);
/** Pull reads Outlook into the mirror, Push writes bookings to Outlook, Removal undoes both after a disconnect. */
export const syncKind = pgEnum("sync_kind", ["pull", "push", "removal"]);
export const syncRunStatus = pgEnum("sync_run_status", ["queued", "running", "succeeded", "failed", "cancelled"]);

export type SyncTrigger = (typeof syncTrigger.enumValues)[number];
export type SyncKind = (typeof syncKind.enumValues)[number];
export type SyncRunStatus = (typeof syncRunStatus.enumValues)[number];
/** Per-run tallies, e.g. { created: 2, updated: 1, deleted: 0, unchanged: 40 }; each kind records its own. */
export type SyncCounts = Record<string, number>;

/**
 * One pull, push or removal of one connection: the only source of an instructor's "last sync",
 * "next sync" and "last error" (db/queries/sync-status.ts).
 */
export const syncRuns = pgTable(
  "sync_runs",
  {
    id: id(),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => calendarConnections.id, { onDelete: "cascade" }),
    trigger: syncTrigger("trigger").notNull(),
    kind: syncKind("kind").notNull(),
    status: syncRunStatus("status").notNull().default("queued"),
    queuedAt: instant("queued_at").notNull().defaultNow(),
    /** When it should start: at once for most triggers, the next cadence tick for a scheduled run queued ahead. */
    dueAt: instant("due_at").notNull().defaultNow(),
    startedAt: instant("started_at"),
    finishedAt: instant("finished_at"),
    counts: jsonb("counts").$type<SyncCounts>().notNull().default({}),
    graphRequests: integer("graph_requests").notNull().default(0),
    /** The error's class name (GraphThrottledError, ReconnectRequiredError, …) and message, for failed runs. */
    errorClass: text("error_class"),
    errorMessage: text("error_message"),
  },
  (t) => [
    index("sync_runs_connection_idx").on(t.connectionId, t.queuedAt),
    index("sync_runs_status_due_idx").on(t.status, t.dueAt),
  ],
);

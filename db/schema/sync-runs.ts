import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { syncTriggers, type SyncTrigger } from "../../lib/sync/sync-run-vocabulary";
import { calendarConnections } from "./calendar-connections";
import { id, instant } from "./columns";

export { syncTriggers, type SyncTrigger };
/** Pull reads Outlook into the mirror, Push writes bookings to Outlook, Removal undoes both after a disconnect. */
export const syncKind = pgEnum("sync_kind", ["pull", "push", "removal"]);
export const syncRunStatus = pgEnum("sync_run_status", ["queued", "running", "succeeded", "failed", "cancelled"]);

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
    /**
     * What started it (lib/sync/sync-run-vocabulary.ts). Text with a check rather than an enum, so a
     * new trigger can be added and used in the same migration batch (an enum value cannot: 55P04).
     */
    trigger: text("trigger").$type<SyncTrigger>().notNull(),
    kind: syncKind("kind").notNull(),
    status: syncRunStatus("status").notNull().default("queued"),
    queuedAt: instant("queued_at").notNull().defaultNow(),
    /** When it should start: at once for most triggers, the next cadence tick for a scheduled run queued ahead. */
    dueAt: instant("due_at").notNull().defaultNow(),
    startedAt: instant("started_at"),
    finishedAt: instant("finished_at"),
    /** Last sign of progress while running (the run skeleton writes it); the sweep fails a run silent too long. */
    heartbeatAt: instant("heartbeat_at"),
    counts: jsonb("counts").$type<SyncCounts>().notNull().default({}),
    graphRequests: integer("graph_requests").notNull().default(0),
    /** The error's class name (GraphThrottledError, ReconnectRequiredError, …) and message, for failed runs. */
    errorClass: text("error_class"),
    errorMessage: text("error_message"),
  },
  (t) => [
    index("sync_runs_connection_idx").on(t.connectionId, t.queuedAt),
    index("sync_runs_status_due_idx").on(t.status, t.dueAt),
    check("sync_runs_trigger_known", sql.raw(`"trigger" in (${syncTriggers.map((v) => `'${v}'`).join(", ")})`)),
  ],
);

import { bigserial, boolean, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { calendarConnections } from "./calendar-connections";
import { instant } from "./columns";

/**
 * The event ids Graph's change notifications named for a connection (graph-behaviour.md §9.3), kept
 * until a pull has read past them: written by the webhook before it answers Graph, so a debounced
 * burst keeps every id and a crash between the webhook and the pull loses none. Full Private Mode
 * re-reads exactly these ids (lib/services/pull/internal/full-private-round.ts); any other complete
 * read of the calendar (a delta round, the whole times-only view) covers them and forgets them.
 *
 * One row per (connection, event id): a repeated notification moves the row's `seq` on, so a pull
 * forgets only the rows it read as it read them (a notification that came during the pull keeps its
 * row). `deleted` sticks once Graph said so (late or reordered `updated` notifications do not undo
 * it). `graph_id` '' stands for a notification whose event id could not be read: the whole view is read.
 */
export const notifiedChanges = pgTable(
  "notified_changes",
  {
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => calendarConnections.id, { onDelete: "cascade" }),
    graphId: text("graph_id").notNull(),
    deleted: boolean("deleted").notNull().default(false),
    /** Moves on with every notification of the id (nextval), so "the row as read" is (graph_id, seq). */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    notedAt: instant("noted_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.graphId] }),
    index("notified_changes_connection_seq_idx").on(t.connectionId, t.seq),
  ],
);

import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  date,
  index,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { calendarConnections } from "./calendar-connections";
import { id, instant, updatedAt } from "./columns";

/** drizzle has no range type (stack-notes §4.3); the value comes back as text like `["…","…")`. */
const tstzrange = customType<{ data: string; driverData: string }>({ dataType: () => "tstzrange" });

export const externalEventType = pgEnum("external_event_type", ["singleInstance", "occurrence", "exception"]);
export const freeBusyStatus = pgEnum("free_busy_status", [
  "unknown",
  "free",
  "tentative",
  "busy",
  "oof",
  "workingElsewhere",
]);
export const eventResponse = pgEnum("event_response", [
  "none",
  "organizer",
  "tentativelyAccepted",
  "accepted",
  "declined",
  "notResponded",
]);

/**
 * Timed events that last at most this long (nearly all of a real calendar) are found by where they start;
 * longer ones by their range. The partial indexes and the conflict queries share these predicates, word
 * for word, so PostgreSQL can match a query to its index.
 */
export const SHORT_EVENT_HOURS = 4;
type TimedColumns = { startsAt: AnyPgColumn; endsAt: AnyPgColumn; allDayStartDate: AnyPgColumn; isOurs: AnyPgColumn };
/** SHORT_EVENT_HOURS as an SQL interval. */
export const shortEventInterval = sql.raw(`interval '${SHORT_EVENT_HOURS} hours'`);
/** A timed event lasting at most SHORT_EVENT_HOURS, not one of our own entries. */
export const timedShortSql = (t: TimedColumns) =>
  sql`${t.allDayStartDate} is null and not ${t.isOurs} and ${t.endsAt} - ${t.startsAt} <= ${shortEventInterval}`;
/** A timed event longer than SHORT_EVENT_HOURS that is not one of our own entries. */
export const timedLongSql = (t: TimedColumns) =>
  sql`${t.allDayStartDate} is null and not ${t.isOurs} and ${t.endsAt} - ${t.startsAt} > ${shortEventInterval}`;

/**
 * The mirror (Pull): each connected instructor's Outlook events over the pull window, as
 * lib/sync/map-graph-event.ts maps them, privacy already applied. `during` is generated from the
 * instants so one GiST range query finds everyone busy during a session (db/queries/busy-intervals.ts).
 */
export const externalEvents = pgTable(
  "external_events",
  {
    id: id(),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => calendarConnections.id, { onDelete: "cascade" }),
    /** Graph's immutable id (reads send `IdType="ImmutableId"`). */
    graphId: text("graph_id").notNull(),
    seriesMasterId: text("series_master_id"),
    type: externalEventType("type").notNull(),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    /** All-day events only: their dates (end exclusive); starts_at/ends_at are then the midnights of the instructor's home zone as it is now (db/queries/mirror.ts `placeAllDayEvents`). */
    allDayStartDate: date("all_day_start_date", { mode: "string" }),
    allDayEndDate: date("all_day_end_date", { mode: "string" }),
    during: tstzrange("during")
      .notNull()
      .generatedAlwaysAs(sql`tstzrange(starts_at, ends_at, '[)')`),
    showAs: freeBusyStatus("show_as").notNull(),
    response: eventResponse("response"),
    isCancelled: boolean("is_cancelled").notNull().default(false),
    isOrganizer: boolean("is_organizer").notNull().default(false),
    isPrivate: boolean("is_private").notNull().default(false),
    /** Null for private events and in Full Private Mode (lib/sync/privacy-filter.ts). */
    title: text("title"),
    /** An entry Push wrote: never external busy time. */
    isOurs: boolean("is_ours").notNull().default(false),
    changeKey: text("change_key"),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("external_events_connection_graph_id_idx").on(t.connectionId, t.graphId),
    // btree_gist lets the connection's equality and the range's overlap share one index: a few
    // instructors' calendars (one instructor's availability, a page of the availability calendar).
    index("external_events_connection_during_idx").using("gist", t.connectionId, t.during),
    // Everyone at once (the conflicts of an event's candidates): one probe per session of the time range,
    // not one per connection (on (connection_id, during) a range-only probe visits every connection's
    // subtree). Timed events only, and never our own entries (multi-day all-day rows would widen the pages'
    // bounds). Nearly all timed events last at most SHORT_EVENT_HOURS, so a session [a, b) overlaps one only
    // if it starts in [a − 4 h, b): a btree range on starts_at finds them, at a third of the cost per entry
    // of the GiST's range checks; the rare longer ones keep a GiST on `during`. Migration 0019 INCLUDEs the
    // columns the verdict reads (index-only scans).
    index("external_events_short_starts_idx").on(t.startsAt).where(timedShortSql(t)),
    index("external_events_long_during_idx").using("gist", t.during).where(timedLongSql(t)),
    index("external_events_all_day_during_idx")
      .using("gist", t.during)
      .where(sql`${t.allDayStartDate} is not null`),
    check("external_events_ends_after_start", sql`${t.endsAt} >= ${t.startsAt}`),
    // An event is all-day with both dates or timed with neither: the partial indexes split on one column.
    check("external_events_all_day_dates_paired", sql`(${t.allDayStartDate} is null) = (${t.allDayEndDate} is null)`),
  ],
);

/**
 * Where each connection's pull stands: the calendarView/delta link of its last complete round, the
 * window that token was started with (fixed per token, graph-behaviour.md §3) and when that baseline
 * began. No row, or a null link: the next pull is a baseline.
 */
export const pullStates = pgTable("pull_states", {
  connectionId: uuid("connection_id")
    .primaryKey()
    .references(() => calendarConnections.id, { onDelete: "cascade" }),
  deltaLink: text("delta_link"),
  windowStart: instant("window_start").notNull(),
  windowEnd: instant("window_end").notNull(),
  baselineAt: instant("baseline_at").notNull(),
  updatedAt: updatedAt(),
});

import { check, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { privacyModeValues } from "../../lib/connect/what-is-shared";
import { connectionStatuses, disconnectRequesters } from "../../lib/sync/connection-state";
import { createdAt, id, instant, updatedAt } from "./columns";
import { instructors } from "./instructors";

/** The values and their transitions live in lib/sync/connection-state.ts. */
export const connectionStatus = pgEnum("connection_status", connectionStatuses);
/** full_private: only dates and times come in, shown as "Busy"; default: Outlook's own privacy. */
export const privacyMode = pgEnum("privacy_mode", privacyModeValues);

/**
 * An instructor's link to their Microsoft 365 calendar (one per instructor, kept after disconnecting).
 * Last sync, next sync and last error are not kept here: sync_runs is their only source.
 */
export const calendarConnections = pgTable(
  "calendar_connections",
  {
    id: id(),
    instructorId: uuid("instructor_id")
      .notNull()
      .unique()
      .references(() => instructors.id, { onDelete: "cascade" }),
    status: connectionStatus("status").notNull(),
    privacyMode: privacyMode("privacy_mode").notNull(),
    /** MSAL's account key, `<oid>.<tenantId>`: which account in the token cache is theirs. */
    homeAccountId: text("home_account_id"),
    /** The account's `tid` and `oid` claims: who the connection belongs to at Microsoft. */
    microsoftTenantId: text("microsoft_tenant_id"),
    microsoftObjectId: text("microsoft_object_id"),
    microsoftUsername: text("microsoft_username"),
    connectedAt: instant("connected_at"),
    disconnectedAt: instant("disconnected_at"),
    /**
     * Who asked for the disconnection (admin or instructor), set in the transaction that turns the connection
     * `disconnecting` and kept once it is disconnected; cleared when the instructor connects again. The
     * removal ends with it (Disconnected / Disconnected by instructor), whoever restarts the removal.
     */
    disconnectRequestedBy: text("disconnect_requested_by", { enum: disconnectRequesters }),
    /**
     * Part of every "manage your connection" link; bumped on reconnect, disconnect and email change,
     * so older links stop working.
     */
    manageLinkVersion: integer("manage_link_version").notNull().default(1),
    /**
     * The fence: bumped (under the row's lock) when a disconnection begins. Pull writes and push claims
     * check it in their own transaction and give up when it moved, so work that was in flight when a
     * removal began can never write after it (docs/decisions/0003-fencing.md).
     */
    generation: integer("generation").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("calendar_connections_status_idx").on(t.status),
    check(
      "calendar_connections_disconnect_requested_by_check",
      sql`${t.disconnectRequestedBy} in ('admin', 'instructor')`,
    ),
    // A removal always knows whose it is. `::text`, not an enum literal: on a fresh database every migration
    // runs in one transaction with 0002, which added 'disconnecting' to the enum (55P04 otherwise).
    check(
      "calendar_connections_disconnecting_has_requester",
      sql`${t.status}::text <> 'disconnecting' or ${t.disconnectRequestedBy} is not null`,
    ),
    // One Microsoft account backs at most one instructor; a connection being or having been
    // disconnected (disconnected_at set, cleared on reconnect) no longer holds it. Not a status
    // predicate: PostgreSQL refuses enum values added earlier in the same migration transaction
    // (55P04), and drizzle's migrator applies all pending migrations in one.
    uniqueIndex("calendar_connections_microsoft_account_idx")
      .on(t.microsoftTenantId, t.microsoftObjectId)
      .where(sql`${t.disconnectedAt} is null`),
  ],
);

/**
 * The connection's MSAL token cache, encrypted (AES-256-GCM, keyed by `keyId`). `version` lets a
 * writer notice that another process saved a newer cache in between.
 */
export const tokenCaches = pgTable("token_caches", {
  connectionId: uuid("connection_id")
    .primaryKey()
    .references(() => calendarConnections.id, { onDelete: "cascade" }),
  keyId: text("key_id").notNull(),
  ciphertext: text("ciphertext").notNull(),
  version: integer("version").notNull().default(1),
  updatedAt: updatedAt(),
});

/** What happened to a connection, newest first in the admin's log view. */
export const connectionEvents = pgTable(
  "connection_events",
  {
    id: id(),
    instructorId: uuid("instructor_id")
      .notNull()
      .references(() => instructors.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    message: text("message").notNull(),
    at: instant("at").notNull().defaultNow(),
  },
  (t) => [index("connection_events_instructor_idx").on(t.instructorId, t.at)],
);

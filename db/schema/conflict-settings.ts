import { sql } from "drizzle-orm";
import { boolean, check, jsonb, pgTable, uuid } from "drizzle-orm/pg-core";
import type { ConflictSettings } from "../../lib/sync/conflict-settings";
import { adminUsers } from "./admin-users";
import { instant } from "./columns";

/**
 * The organisation's conflict rules (Settings → Conflicts): one row at most, absent until an owner
 * saves; rules missing from `rules` take their defaults (lib/sync/conflict-settings.ts).
 */
export const conflictSettings = pgTable(
  "conflict_settings",
  {
    id: boolean("id").primaryKey().default(true),
    rules: jsonb("rules").$type<Partial<ConflictSettings>>().notNull().default({}),
    updatedBy: uuid("updated_by").references(() => adminUsers.id, { onDelete: "set null" }),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [check("conflict_settings_single_row", sql`${t.id}`)],
);

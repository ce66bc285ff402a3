import { pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { adminUsers } from "./admin-users";
import { apiKeyScopes } from "../../lib/auth/api-key-scopes";

/** read: GET only; read-write: every /api/v1 call. */
export const apiKeyScope = pgEnum("api_key_scope", apiKeyScopes);

/** Bearer keys for /api/v1. Only a SHA-256 of the secret is kept; the prefix identifies it in lists. */
export const apiKeys = pgTable("api_keys", {
  id: id(),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  secretHash: text("secret_hash").notNull().unique(),
  scope: apiKeyScope("scope").notNull().default("read-write"),
  /** Null: the key lives until it is revoked. */
  expiresAt: instant("expires_at"),
  createdById: uuid("created_by_id").references(() => adminUsers.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  lastUsedAt: instant("last_used_at"),
  revokedAt: instant("revoked_at"),
});

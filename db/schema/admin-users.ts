import { pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id, instant } from "./columns";
import { adminRoles } from "../../lib/auth/admin-roles";

/** owner: everything, including API keys; coordinator: plans training and manages calendars. */
export const adminRole = pgEnum("admin_role", adminRoles);

export const adminUsers = pgTable(
  "admin_users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: adminRole("role").notNull().default("coordinator"),
    /** scrypt hash for the offline sign-in; null for admins who only sign in with Microsoft. */
    passwordHash: text("password_hash"),
    /**
     * The Microsoft account (tenant id + object id) bound at the admin's first Microsoft sign-in by
     * email; from then on a Microsoft sign-in must present this account, not merely this email.
     */
    microsoftTenantId: text("microsoft_tenant_id"),
    microsoftObjectId: text("microsoft_object_id"),
    lastSignInAt: instant("last_sign_in_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("admin_users_email_lower_idx").on(sql`lower(${t.email})`),
    uniqueIndex("admin_users_microsoft_account_idx").on(t.microsoftTenantId, t.microsoftObjectId),
  ],
);

/**
 * Admin roles, declared once for the database enum (admin_role), the session type and validation.
 * No imports: drizzle-kit loads this file with the schema.
 */
export const adminRoles = ["owner", "coordinator"] as const;
export type AdminRole = (typeof adminRoles)[number];

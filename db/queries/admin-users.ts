import { and, eq, sql } from "drizzle-orm";
import { isUuid } from "./ids";
import type { DbOrTx } from "../types";
import { adminUsers } from "../schema";

export type AdminUserRow = typeof adminUsers.$inferSelect;

export async function findAdminByEmail(db: DbOrTx, email: string): Promise<AdminUserRow | null> {
  const [row] = await db
    .select()
    .from(adminUsers)
    .where(eq(sql`lower(${adminUsers.email})`, email.trim().toLowerCase()));
  return row ?? null;
}

export async function findAdminById(db: DbOrTx, id: string): Promise<AdminUserRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(adminUsers).where(eq(adminUsers.id, id));
  return row ?? null;
}

export async function findAdminByMicrosoftAccount(
  db: DbOrTx,
  tenantId: string,
  objectId: string,
): Promise<AdminUserRow | null> {
  const [row] = await db
    .select()
    .from(adminUsers)
    .where(and(eq(adminUsers.microsoftTenantId, tenantId), eq(adminUsers.microsoftObjectId, objectId)));
  return row ?? null;
}

import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { adminUsers } from "../schema";

export type AdminUserRow = typeof adminUsers.$inferSelect;

export async function findAdminByEmail(db: DbOrTx, email: string): Promise<AdminUserRow | null> {
  const [row] = await db.select().from(adminUsers).where(eq(sql`lower(${adminUsers.email})`, email.trim().toLowerCase()));
  return row ?? null;
}

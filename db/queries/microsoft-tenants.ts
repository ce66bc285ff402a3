import { desc } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { microsoftTenants } from "../schema";

export async function listMicrosoftTenants(db: DbOrTx) {
  return db.select().from(microsoftTenants).orderBy(desc(microsoftTenants.lastSeenAt));
}

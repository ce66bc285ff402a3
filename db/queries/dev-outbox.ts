import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { sentEmails } from "../schema";

export async function listDevOutbox(db: DbOrTx, params: { to?: string; limit?: number } = {}) {
  return db
    .select()
    .from(sentEmails)
    .where(params.to ? eq(sentEmails.to, params.to.toLowerCase()) : eq(sentEmails.transport, "dev-outbox"))
    .orderBy(desc(sentEmails.sentAt))
    .limit(params.limit ?? 200);
}

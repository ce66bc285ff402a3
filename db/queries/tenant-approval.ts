import { desc } from "drizzle-orm";
import { microsoftTenants } from "../schema";
import type { DbOrTx } from "../types";

export const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/**
 * Email domains of the organisations that stopped an instructor at Microsoft's "Need admin approval" and
 * have not been approved since (an approval older than the latest refusal does not count).
 */
export async function blockedTenantDomains(db: DbOrTx): Promise<Set<string>> {
  const rows = await db
    .select({
      domain: microsoftTenants.domain,
      required: microsoftTenants.adminApprovalRequiredAt,
      consented: microsoftTenants.adminConsentedAt,
    })
    .from(microsoftTenants)
    .orderBy(desc(microsoftTenants.lastSeenAt));
  return new Set(
    rows.flatMap((t) =>
      t.domain && t.required && (!t.consented || t.consented < t.required) ? [t.domain.toLowerCase()] : [],
    ),
  );
}

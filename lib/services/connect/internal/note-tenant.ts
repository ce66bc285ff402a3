import { eq, or } from "drizzle-orm";
import { microsoftTenants } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";

/**
 * Remembers a customer tenant: seen at sign-in (by GUID), needing admin approval (by the domain we
 * build its consent URL from), or approved. A row first keyed by domain is re-keyed to the GUID
 * once Microsoft tells us it.
 */
export async function noteTenant(
  ctx: ServiceContext,
  fact: { tenantId?: string; domain?: string | null; approvalRequired?: boolean; adminConsented?: boolean },
) {
  const now = ctx.now();
  const domain = fact.domain?.toLowerCase() ?? null;
  const key = fact.tenantId ?? domain;
  if (!key) return;
  const [existing] = await ctx.db
    .select()
    .from(microsoftTenants)
    .where(or(eq(microsoftTenants.tenantId, key), domain ? eq(microsoftTenants.domain, domain) : undefined));
  const changes = {
    lastSeenAt: now,
    updatedAt: now,
    ...(domain && { domain }),
    ...(fact.approvalRequired && { adminApprovalRequiredAt: now }),
    ...(fact.adminConsented && { adminConsentedAt: now }),
  };
  if (!existing) {
    await ctx.db
      .insert(microsoftTenants)
      .values({ tenantId: key, domain, ...changes, createdAt: now })
      .onConflictDoNothing();
    return;
  }
  await ctx.db
    .update(microsoftTenants)
    .set({ ...changes, ...(fact.tenantId && existing.tenantId !== fact.tenantId && { tenantId: fact.tenantId }) })
    .where(eq(microsoftTenants.tenantId, existing.tenantId));
}

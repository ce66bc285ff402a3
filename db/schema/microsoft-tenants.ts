import { pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, instant, updatedAt } from "./columns";

/** Customers' Microsoft tenants we have met: where admin approval was needed, and when it was given. */
export const microsoftTenants = pgTable("microsoft_tenants", {
  /** Tenant GUID once known; until then the domain the admin-consent URL was built for. */
  tenantId: text("tenant_id").primaryKey(),
  domain: text("domain"),
  adminApprovalRequiredAt: instant("admin_approval_required_at"),
  adminConsentedAt: instant("admin_consented_at"),
  lastSeenAt: instant("last_seen_at"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Where a customer's Microsoft organisation stands for connecting calendars, as the tenants page says it:
 * - blocked: Microsoft stopped an instructor at "Need admin approval", and no approval came since;
 * - approved: one of its administrators approved the app for the whole organisation;
 * - needs nothing: its users may approve the app themselves (no approval was ever asked for).
 */
export type TenantState = "blocked" | "approved" | "needs_nothing";

export const tenantStateLabels: Record<TenantState, string> = {
  blocked: "Blocked: needs an administrator's approval",
  approved: "Approved by an administrator",
  needs_nothing: "Needs nothing: users approve themselves",
};

export function tenantState(tenant: {
  adminApprovalRequiredAt: Date | null;
  adminConsentedAt: Date | null;
}): TenantState {
  const { adminApprovalRequiredAt: required, adminConsentedAt: consented } = tenant;
  if (required && (!consented || consented < required)) return "blocked";
  return consented ? "approved" : "needs_nothing";
}

/** "contoso.com" for a tenant we know by domain; a GUID-only tenant is named by its instructors' domain, if any. */
export function tenantDisplayName(
  tenant: { tenantId: string; domain: string | null },
  instructorDomain: string | null,
) {
  return tenant.domain ?? instructorDomain ?? "Organisation not yet named";
}

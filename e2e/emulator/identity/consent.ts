/**
 * Who has consented to what. Delegated grants are per user or tenant-wide ("AllPrincipals", what
 * admin consent creates); a tenant with user consent disabled sends non-admins to "Need admin
 * approval" (reference §10.1, AADSTS90094). Admin consent also grants the app's application
 * permissions (reference §10.3), which client_credentials tokens carry as `roles`.
 */
import type { AppRegistration, EmulatorState, Tenant, User } from "../state";
import { needsAdmin } from "./scopes";

export type ConsentDecision =
  { next: "granted" } | { next: "consent"; missing: string[] } | { next: "adminApproval"; missing: string[] };

export function grantedPermissions(
  state: EmulatorState,
  tenantId: string,
  clientId: string,
  userId: string,
): Set<string> {
  const granted = new Set<string>();
  for (const grant of state.grants) {
    if (grant.tenantId !== tenantId || grant.clientId !== clientId) continue;
    if (grant.principal === "AllPrincipals" || grant.principal.userId === userId) {
      for (const scope of grant.scopes) granted.add(scope);
    }
  }
  return granted;
}

export function decideConsent(
  state: EmulatorState,
  user: User,
  tenant: Tenant,
  app: AppRegistration,
  permissions: readonly string[],
  forcePrompt: boolean,
): ConsentDecision {
  const granted = grantedPermissions(state, tenant.id, app.clientId, user.id);
  const missing = permissions.filter((name) => !granted.has(name));
  if (missing.length === 0 && !forcePrompt) return { next: "granted" };
  const toConsent = missing.length > 0 ? missing : [...permissions];
  const userMayConsent = user.isAdmin || (!tenant.userConsentDisabled && !needsAdmin(toConsent));
  return userMayConsent ? { next: "consent", missing: toConsent } : { next: "adminApproval", missing: toConsent };
}

export function grantUserConsent(
  state: EmulatorState,
  user: User,
  clientId: string,
  permissions: readonly string[],
): void {
  const existing = state.grants.find(
    (g) =>
      g.clientId === clientId &&
      g.tenantId === user.tenantId &&
      g.principal !== "AllPrincipals" &&
      g.principal.userId === user.id,
  );
  if (existing) for (const name of permissions) existing.scopes.add(name);
  else
    state.grants.push({
      tenantId: user.tenantId,
      clientId,
      principal: { userId: user.id },
      scopes: new Set(permissions),
    });
}

/** Tenant-wide consent for delegated permissions, plus the app's application permissions. */
export function grantTenantConsent(
  state: EmulatorState,
  tenantId: string,
  app: AppRegistration,
  permissions: readonly string[],
): void {
  const existing = state.grants.find(
    (g) => g.clientId === app.clientId && g.tenantId === tenantId && g.principal === "AllPrincipals",
  );
  if (existing) for (const name of permissions) existing.scopes.add(name);
  else
    state.grants.push({ tenantId, clientId: app.clientId, principal: "AllPrincipals", scopes: new Set(permissions) });
  const roles = state.appRoleGrants.get(appRoleKey(tenantId, app.clientId)) ?? new Set<string>();
  for (const role of app.applicationPermissions) roles.add(role);
  state.appRoleGrants.set(appRoleKey(tenantId, app.clientId), roles);
}

/** The user removes the app from their account (My Apps): their own grant disappears. */
export function removeUserConsent(state: EmulatorState, userId: string, clientId?: string): void {
  state.grants = state.grants.filter(
    (g) =>
      g.principal === "AllPrincipals" ||
      g.principal.userId !== userId ||
      (clientId !== undefined && g.clientId !== clientId),
  );
}

export function appRoleKey(tenantId: string, clientId: string): string {
  return `${tenantId} ${clientId}`;
}

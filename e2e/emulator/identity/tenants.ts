/**
 * The {tenant} path segment: a tenant GUID or verified domain names one tenant; `common` and
 * `organizations` accept any work account (reference §10). `consumers` (personal accounts) is not
 * emulated and resolves as unknown (AADSTS90002).
 */
import type { EmulatorState, Tenant, User } from "../state";
import { findTenant } from "../state";

export type TenantScope = { kind: "multi"; segment: string } | { kind: "single"; segment: string; tenant: Tenant };

export function resolveTenantSegment(state: EmulatorState, segment: string): TenantScope | undefined {
  const lower = segment.toLowerCase();
  if (lower === "common" || lower === "organizations") return { kind: "multi", segment: lower };
  const tenant = findTenant(state, segment);
  return tenant ? { kind: "single", segment, tenant } : undefined;
}

export function userAllowedIn(scope: TenantScope, user: User): boolean {
  return scope.kind === "multi" || scope.tenant.id === user.tenantId;
}

import { and, inArray, isNotNull, sql } from "drizzle-orm";
import { calendarConnections, instructors, microsoftTenants } from "../schema";
import type { DbOrTx } from "../types";
/** The live statuses (lib/sync/connection-state.ts `isLive`). */
const LIVE = ["connected", "syncing"] as const;
import { tenantDisplayName, tenantState, type TenantState } from "@/lib/connect/tenant-state";

export type TenantOverview = {
  tenantId: string;
  name: string;
  domain: string | null;
  state: TenantState;
  /** Instructors of this organisation with a live calendar connection. */
  connected: number;
  /** Its instructors not connected while it is blocked: the ones waiting for its approval. */
  blocked: number;
  adminApprovalRequiredAt: Date | null;
  adminConsentedAt: Date | null;
  lastSeenAt: Date | null;
};

/** Every tenant we have met, with its state, a name people read, and how many of its instructors are connected or blocked. */
export async function tenantOverview(db: DbOrTx): Promise<TenantOverview[]> {
  const domainSql = sql<string>`lower(split_part(${instructors.email}, '@', 2))`;
  const [tenants, connected, byDomain] = await Promise.all([
    db.select().from(microsoftTenants),
    db
      .select({
        tenantId: calendarConnections.microsoftTenantId,
        domain: sql<string>`min(lower(split_part(${instructors.email}, '@', 2)))`,
        n: sql<number>`count(*)`.mapWith(Number),
      })
      .from(calendarConnections)
      .innerJoin(instructors, sql`${instructors.id} = ${calendarConnections.instructorId}`)
      .where(and(isNotNull(calendarConnections.microsoftTenantId), inArray(calendarConnections.status, [...LIVE])))
      .groupBy(calendarConnections.microsoftTenantId),
    db
      .select({
        domain: domainSql,
        notConnected:
          sql<number>`count(*) filter (where ${calendarConnections.status} is null or ${calendarConnections.status} not in ('connected', 'syncing'))`.mapWith(
            Number,
          ),
      })
      .from(instructors)
      .leftJoin(calendarConnections, sql`${calendarConnections.instructorId} = ${instructors.id}`)
      .groupBy(domainSql),
  ]);
  const connectedOf = new Map(connected.map((c) => [c.tenantId!, c]));
  const notConnectedOf = new Map(byDomain.map((d) => [d.domain, d.notConnected]));
  const order: Record<TenantState, number> = { blocked: 0, approved: 1, needs_nothing: 2 };
  return tenants
    .map((t) => {
      const state = tenantState(t);
      const live = connectedOf.get(t.tenantId);
      return {
        tenantId: t.tenantId,
        name: tenantDisplayName(t, live?.domain ?? null),
        domain: t.domain,
        state,
        connected: live?.n ?? 0,
        blocked: state === "blocked" && t.domain ? (notConnectedOf.get(t.domain.toLowerCase()) ?? 0) : 0,
        adminApprovalRequiredAt: t.adminApprovalRequiredAt,
        adminConsentedAt: t.adminConsentedAt,
        lastSeenAt: t.lastSeenAt,
      };
    })
    .sort((a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name));
}

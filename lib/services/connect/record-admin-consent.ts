import { and, eq, gt, isNull } from "drizzle-orm";
import { authRequests } from "@/db/schema";
import type { AdminConsentMessageCode } from "@/lib/connect/public-messages";
import type { ServiceContext } from "@/lib/context/service-context";
import { logConnectionEvent } from "../internal/log-connection-event";
import { openInvitationById } from "./internal/find-invitation";
import { noteTenant } from "./internal/note-tenant";

export type AdminConsentOutcome =
  | { kind: "granted"; tenantId: string; invitationId: string | null }
  | { kind: "declined" | "failed"; code: AdminConsentMessageCode; invitationId: string | null };

/**
 * The admin-consent callback: `admin_consent=True&tenant=…&state=…`, or `error` and `error_description`.
 * Each state is accepted once, whatever the answer: it is claimed before anything is recorded. An approval is
 * recorded only once Microsoft confirms the app in that tenant (an app-only token request for it).
 */
export async function recordAdminConsent({
  ctx,
  query,
}: {
  ctx: ServiceContext;
  query: Record<string, string | undefined>;
}): Promise<AdminConsentOutcome> {
  const [request] = query.state
    ? await ctx.db
        .select()
        .from(authRequests)
        .where(
          and(
            eq(authRequests.state, query.state),
            eq(authRequests.kind, "admin_consent"),
            gt(authRequests.expiresAt, ctx.now()),
          ),
        )
    : [];
  if (!request) return { kind: "failed", code: "unknown_link", invitationId: null };
  const [claimed] = await ctx.db
    .update(authRequests)
    .set({ usedAt: ctx.now() })
    .where(and(eq(authRequests.id, request.id), isNull(authRequests.usedAt)))
    .returning({ id: authRequests.id });
  if (!claimed) return { kind: "failed", code: "link_used", invitationId: null };
  const invitationId = request.invitationId;
  if (query.error || query.admin_consent?.toLowerCase() !== "true" || !query.tenant) {
    const declined =
      query.error === "access_denied" ||
      query.error === "permission_denied" ||
      /AADSTS65004/.test(query.error_description ?? "");
    return declined
      ? { kind: "declined", code: "declined", invitationId }
      : { kind: "failed", code: "not_confirmed", invitationId };
  }
  // The redirect's `tenant` is only what the browser said: Microsoft must confirm the app there first.
  if (!ctx.microsoft || !(await ctx.microsoft.confirmAppInTenant(query.tenant)))
    return { kind: "failed", code: "not_confirmed", invitationId };
  const domain = request.tenantHint?.includes(".") ? request.tenantHint : null;
  await noteTenant(ctx, { tenantId: query.tenant, domain, adminConsented: true });
  if (invitationId) {
    const found = await openInvitationById(ctx, invitationId);
    if (found.ok)
      await logConnectionEvent(
        ctx,
        found.value.instructor.id,
        "admin_consent",
        `An administrator approved Calendar Sync for tenant ${query.tenant}`,
      );
  }
  return { kind: "granted", tenantId: query.tenant, invitationId };
}

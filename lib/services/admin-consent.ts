import { and, eq, gt, isNull } from "drizzle-orm";
import { DateTime } from "luxon";
import { z } from "zod";
import { authRequests } from "@/db/schema";
import { ConflictError } from "@/lib/errors";
import { randomToken } from "@/lib/connect/secret-tokens";
import type { AdminConsentMessageCode } from "@/lib/connect/public-messages";
import type { ServiceContext } from "@/lib/context/service-context";
import { logConnectionEvent } from "./log-connection-event";
import { noteTenant } from "./note-tenant";
import { openInvitationById } from "./open-invitation";
import { parseInput } from "./parse-input";

/** An admin-consent link is forwarded to IT and may wait in an inbox for a while. */
const ADMIN_CONSENT_LINK_DAYS = 30;

const tenantSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/, "Enter a tenant ID (GUID) or a domain such as contoso.com");

const adminConsentInput = z.object({ tenant: tenantSchema, invitationId: z.uuid().nullish() });

/**
 * The URL an IT admin opens to approve Calendar Sync for their whole organisation. Its state names
 * a stored request (and the invitation waiting on it), so the callback knows what was approved.
 * No browser binding: the admin opens it in their own browser.
 */
export async function createAdminConsentUrl({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const { tenant, invitationId } = parseInput(adminConsentInput, input);
  if (!ctx.microsoft) throw new ConflictError("Microsoft 365 sign-in is not configured on this server");
  const state = randomToken();
  const now = ctx.now();
  await ctx.db.insert(authRequests).values({
    kind: "admin_consent",
    state,
    invitationId: invitationId ?? null,
    tenantHint: tenant,
    createdAt: now,
    expiresAt: DateTime.fromJSDate(now).plus({ days: ADMIN_CONSENT_LINK_DAYS }).toJSDate(),
  });
  await noteTenant(ctx, tenant.includes(".") ? { domain: tenant } : { tenantId: tenant });
  return { url: await ctx.microsoft.adminConsentUrl(tenant, state), tenant };
}

export type AdminConsentOutcome =
  | { kind: "granted"; tenantId: string; invitationId: string | null }
  | { kind: "declined" | "failed"; code: AdminConsentMessageCode; invitationId: string | null };

/**
 * The admin-consent callback: `admin_consent=True&tenant=…&state=…`, or `error` and `error_description`.
 * Each state is accepted once, whatever the answer: it is claimed before anything is recorded.
 */
export async function recordAdminConsent({ ctx, query }: { ctx: ServiceContext; query: Record<string, string | undefined> }): Promise<AdminConsentOutcome> {
  const [request] = query.state
    ? await ctx.db.select().from(authRequests)
        .where(and(eq(authRequests.state, query.state), eq(authRequests.kind, "admin_consent"), gt(authRequests.expiresAt, ctx.now())))
    : [];
  if (!request) return { kind: "failed", code: "unknown_link", invitationId: null };
  const [claimed] = await ctx.db.update(authRequests).set({ usedAt: ctx.now() })
    .where(and(eq(authRequests.id, request.id), isNull(authRequests.usedAt))).returning({ id: authRequests.id });
  if (!claimed) return { kind: "failed", code: "link_used", invitationId: null };
  const invitationId = request.invitationId;
  if (query.error || query.admin_consent?.toLowerCase() !== "true" || !query.tenant) {
    const declined = query.error === "access_denied" || query.error === "permission_denied" || /AADSTS65004/.test(query.error_description ?? "");
    return declined ? { kind: "declined", code: "declined", invitationId } : { kind: "failed", code: "not_confirmed", invitationId };
  }
  const domain = request.tenantHint?.includes(".") ? request.tenantHint : null;
  await noteTenant(ctx, { tenantId: query.tenant, domain, adminConsented: true });
  if (invitationId) {
    const found = await openInvitationById(ctx, invitationId);
    if (found.ok) await logConnectionEvent(ctx, found.value.instructor.id, "admin_consent", `An administrator approved Calendar Sync for tenant ${query.tenant}`);
  }
  return { kind: "granted", tenantId: query.tenant, invitationId };
}

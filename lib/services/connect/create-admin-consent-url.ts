import { DateTime } from "luxon";
import { z } from "zod";
import { authRequests } from "@/db/schema";
import { ConflictError } from "@/lib/errors";
import { randomToken } from "@/lib/connect/secret-tokens";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "@/lib/parse-input";
import { noteTenant } from "./internal/note-tenant";

/** An admin-consent link is forwarded to IT and may wait in an inbox for a while. */
const ADMIN_CONSENT_LINK_DAYS = 30;

const tenantSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(\.[a-z0-9-]+)+)$/,
    "Enter a tenant ID (GUID) or a domain such as contoso.com",
  );

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

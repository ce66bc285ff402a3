import { and, eq, isNull } from "drizzle-orm";
import { adminUsers } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { findAdminByEmail } from "@/db/queries/admin-users";
import { isUuid } from "@/db/queries/ids";

/** The id token claims an admin's Microsoft sign-in is judged on (see docs on v2.0 id token claims). */
export type MicrosoftIdClaims = {
  tid?: string;
  oid?: string;
  iss?: string;
  /** Present when another identity provider authenticated the user: a guest's home tenant, or live.com. */
  idp?: string;
  /** Optional claim: 0 member, 1 guest. */
  acct?: number | string;
  preferred_username?: string;
  upn?: string;
  email?: string;
};

export type MicrosoftAdminDecision =
  { ok: true; adminId: string } | { ok: false; error: "NotAnAdmin" | "GuestAccount" | "NotTheAdminsAccount" };

/**
 * A guest (B2B) account of the admin tenant is someone else's identity invited in: its token says
 * so with `acct` = 1 when that optional claim is configured, with an `idp` that is not the tenant's
 * own issuer, or with a `#EXT#` user principal name.
 */
export function isGuestAccount(claims: MicrosoftIdClaims): boolean {
  if (String(claims.acct) === "1") return true;
  if ([claims.upn, claims.preferred_username].some((name) => name?.toUpperCase().includes("#EXT#"))) return true;
  return Boolean(claims.idp && claims.tid && !claims.idp.includes(claims.tid));
}

/**
 * Who a Microsoft sign-in is. Admins are keyed by tenant + object id: the first sign-in finds the
 * admin by email and binds that account to the row; from then on only that account is this admin,
 * whatever email another account shows. Guests are refused, and so is any other tenant.
 */
export async function resolveMicrosoftAdmin(
  db: DbOrTx,
  claims: MicrosoftIdClaims,
  { adminTenant }: { adminTenant: string | undefined },
): Promise<MicrosoftAdminDecision> {
  const { tid, oid } = claims;
  if (!tid || !oid) return { ok: false, error: "NotAnAdmin" };
  // A tenant given by domain was already pinned by the issuer check against its discovery document.
  if (adminTenant && isUuid(adminTenant) && adminTenant.toLowerCase() !== tid.toLowerCase())
    return { ok: false, error: "NotAnAdmin" };
  if (isGuestAccount(claims)) return { ok: false, error: "GuestAccount" };

  const [bound] = await db
    .select({ id: adminUsers.id })
    .from(adminUsers)
    .where(and(eq(adminUsers.microsoftTenantId, tid), eq(adminUsers.microsoftObjectId, oid)));
  if (bound) return { ok: true, adminId: bound.id };

  const email = claims.email ?? claims.preferred_username;
  const admin = email ? await findAdminByEmail(db, email) : null;
  if (!admin) return { ok: false, error: "NotAnAdmin" };
  if (admin.microsoftObjectId) return { ok: false, error: "NotTheAdminsAccount" };
  const [claimed] = await db
    .update(adminUsers)
    .set({ microsoftTenantId: tid, microsoftObjectId: oid })
    .where(and(eq(adminUsers.id, admin.id), isNull(adminUsers.microsoftObjectId)))
    .returning({ id: adminUsers.id });
  // Lost a race with another account binding the same row at the same moment.
  return claimed ? { ok: true, adminId: claimed.id } : { ok: false, error: "NotTheAdminsAccount" };
}

import { domainOf } from "@/lib/connect/account-binding";
import type { ServiceContext } from "@/lib/context/service-context";
import { createAdminConsentUrl } from "./admin-consent";
import { openInvitation } from "./open-invitation";

/** For an instructor stuck at "Need admin approval": their organisation's domain. Reads only. */
export async function adminApprovalFacts(ctx: ServiceContext, token: string) {
  const found = await openInvitation(ctx, token);
  if (!found.ok) return { ok: false as const, reason: found.reason };
  const { instructor, invitation } = found.value;
  return { ok: true as const, instructor, invitation, domain: domainOf(instructor.email) };
}

/**
 * A fresh admin-consent URL for the instructor's organisation. It stores a state, so only a POST
 * (the person clicked) may call this, never a page render.
 */
export async function createInvitationAdminConsentUrl(ctx: ServiceContext, token: string) {
  const facts = await adminApprovalFacts(ctx, token);
  if (!facts.ok) return facts;
  const { url } = await createAdminConsentUrl({ ctx, input: { tenant: facts.domain, invitationId: facts.invitation.id } });
  return { ...facts, consentUrl: url };
}

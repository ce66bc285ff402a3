import type { ServiceContext } from "@/lib/context/service-context";
import { adminApprovalFacts } from "./admin-approval-facts";
import { createAdminConsentUrl } from "./create-admin-consent-url";

/**
 * A fresh admin-consent URL for the instructor's organisation. It stores a state, so only a POST
 * (the person clicked) may call this, never a page render.
 */
export async function createInvitationAdminConsentUrl({ ctx, token }: { ctx: ServiceContext; token: string }) {
  const facts = await adminApprovalFacts({ ctx, token });
  if (!facts.ok) return facts;
  const { url } = await createAdminConsentUrl({
    ctx,
    input: { tenant: facts.domain, invitationId: facts.invitation.id },
  });
  return { ...facts, consentUrl: url };
}

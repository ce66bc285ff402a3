import type { ServiceContext } from "./context";
import { createAdminConsentUrl } from "./admin-consent";
import { openInvitation } from "./open-invitation";

/** For an instructor stuck at "Need admin approval": their organisation's domain and its consent URL. */
export async function prepareAdminApproval(ctx: ServiceContext, token: string) {
  const found = await openInvitation(ctx, token);
  if (!found.ok) return { ok: false as const, reason: found.reason };
  const { instructor, invitation } = found.value;
  const domain = instructor.email.split("@")[1]!.toLowerCase();
  const { url } = await createAdminConsentUrl({ ctx, input: { tenant: domain, invitationId: invitation.id } });
  return { ok: true as const, instructor, domain, consentUrl: url };
}

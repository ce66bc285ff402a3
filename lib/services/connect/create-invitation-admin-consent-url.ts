import type { ServiceContext } from "@/lib/context/service-context";
import { logConnectionEvent } from "../internal/log-connection-event";
import { adminApprovalFacts } from "./admin-approval-facts";
import { createAdminConsentUrl } from "./create-admin-consent-url";
import { noteTenant } from "./internal/note-tenant";

/**
 * A fresh admin-consent URL for the instructor's organisation. It stores a state, so only a POST
 * (the person clicked) may call this, never a page render.
 *
 * Asking for it is also how we learn the organisation needs approval: Microsoft's "Need admin approval"
 * page sends the instructor back with the same `access_denied` as a plain cancel (graph-behaviour §10.1), so
 * only the instructor can tell us which one it was. From then on the admin sees *Waiting for admin approval*.
 */
export async function createInvitationAdminConsentUrl({ ctx, token }: { ctx: ServiceContext; token: string }) {
  const facts = await adminApprovalFacts({ ctx, token });
  if (!facts.ok) return facts;
  const { url } = await createAdminConsentUrl({
    ctx,
    input: { tenant: facts.domain, invitationId: facts.invitation.id },
  });
  await noteTenant(ctx, { domain: facts.domain, approvalRequired: true });
  await logConnectionEvent(
    ctx,
    facts.instructor.id,
    "admin_approval_requested",
    `Asked for the admin-approval link for ${facts.domain}: their organisation must approve Calendar Sync first`,
  );
  return { ...facts, consentUrl: url };
}

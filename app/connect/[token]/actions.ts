"use server";

import { appContext } from "@/lib/context/app-context";
import { createInvitationAdminConsentUrl } from "@/lib/services/connect/create-invitation-admin-consent-url";

/**
 * "Get the link for your administrator": the admin-consent URL is made when the person asks for
 * it (a POST), so merely viewing the page stores nothing.
 */
export async function adminConsentLinkAction(token: string): Promise<{ url: string } | { error: string }> {
  const approval = await createInvitationAdminConsentUrl({ ctx: await appContext(), token });
  return approval.ok ? { url: approval.consentUrl } : { error: "This invitation can no longer be used." };
}

"use server";

import { appContext } from "@/lib/context/app-context";
import { asServiceUnavailable } from "@/lib/errors";
import { createInvitationAdminConsentUrl } from "@/lib/services/connect/create-invitation-admin-consent-url";

/**
 * "Get the link for your administrator": the admin-consent URL is made when the person asks for
 * it (a POST), so merely viewing the page stores nothing.
 */
export async function adminConsentLinkAction(token: string): Promise<{ url: string } | { error: string }> {
  try {
    const approval = await createInvitationAdminConsentUrl({ ctx: await appContext(), token });
    return approval.ok ? { url: approval.consentUrl } : { error: "This invitation can no longer be used." };
  } catch (error) {
    const busy = asServiceUnavailable(error);
    if (!busy) throw error;
    return { error: `We are busy right now. Please try again in ${busy.retryAfterSeconds} s.` };
  }
}

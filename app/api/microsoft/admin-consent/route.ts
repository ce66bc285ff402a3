import { NextResponse, type NextRequest } from "next/server";
import { ADMIN_CONSENT_COOKIE } from "@/lib/connect/cookies";
import { withProblemPage } from "@/lib/connect/problem-redirect";
import { appContext } from "@/lib/context/app-context";
import { recordAdminConsent } from "@/lib/services/connect/record-admin-consent";
import { invitationLink } from "@/lib/services/connect/invitation-link";

/** Microsoft's redirect after an administrator approved (or declined) Calendar Sync for a tenant. */
export const GET = withProblemPage(async (request: NextRequest) => {
  const ctx = await appContext();
  const query = Object.fromEntries(request.nextUrl.searchParams);
  const outcome = await recordAdminConsent({ ctx, query });
  const params = new URLSearchParams({ outcome: outcome.kind });
  if (outcome.kind === "granted") params.set("tenant", outcome.tenantId);
  else params.set("code", outcome.code);
  // Only the browser that left from the instructor's page may jump back into their wizard.
  const sameBrowser = query.state && request.cookies.get(ADMIN_CONSENT_COOKIE)?.value === query.state;
  if (sameBrowser && outcome.invitationId) {
    const link = await invitationLink({ ctx, invitationId: outcome.invitationId });
    if (link) params.set("continue", link);
  }
  const response = NextResponse.redirect(new URL(`/connect/admin-approved?${params}`, request.url), 303);
  response.cookies.delete(ADMIN_CONSENT_COOKIE);
  return response;
});

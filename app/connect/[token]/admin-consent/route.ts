import { NextResponse } from "next/server";
import { ADMIN_CONSENT_COOKIE, cookieOptions } from "@/lib/connect/cookies";
import { withProblemPage } from "@/lib/connect/problem-redirect";
import { sameOriginOnly } from "@/lib/connect/same-origin";
import { appContext } from "@/lib/context/app-context";
import { createInvitationAdminConsentUrl } from "@/lib/services/connect/create-invitation-admin-consent-url";

/** "I am an administrator": straight to the tenant's admin-consent page at Microsoft. */
export const POST = sameOriginOnly(
  withProblemPage(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
    const ctx = await appContext();
    const { token } = await params;
    const approval = await createInvitationAdminConsentUrl({ ctx, token });
    if (!approval.ok) return NextResponse.redirect(new URL(`/connect/${token}`, request.url), 303);
    const response = NextResponse.redirect(approval.consentUrl, 303);
    response.cookies.set(
      ADMIN_CONSENT_COOKIE,
      new URL(approval.consentUrl).searchParams.get("state")!,
      cookieOptions(60 * 60),
    );
    return response;
  }),
);

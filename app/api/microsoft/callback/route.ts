import { NextResponse, type NextRequest } from "next/server";
import { CONNECT_COOKIE } from "@/lib/connect/cookies";
import { problemRedirect, withProblemPage } from "@/lib/connect/problem-redirect";
import { appContext } from "@/lib/context/app-context";
import { completeConnect } from "@/lib/services/connect/complete-connect";
import { invitationLink } from "@/lib/services/connect/invitation-link";

/** Microsoft's redirect after sign-in (the app registration's redirect URI). */
export const GET = withProblemPage(async (request: NextRequest) => {
  const ctx = await appContext();
  const query = Object.fromEntries(request.nextUrl.searchParams);
  const outcome = await completeConnect({
    ctx,
    query,
    browserBinding: request.cookies.get(CONNECT_COOKIE)?.value ?? null,
  });

  let response: NextResponse;
  if (outcome.kind === "connected") response = redirect(request, `/connect/connected/${outcome.manageLink}`);
  else if (outcome.kind === "removal_resumed") response = redirect(request, `/connect/removed/${outcome.progressLink}`);
  else if (outcome.kind === "failed") {
    const retry = outcome.invitationId ? await invitationLink({ ctx, invitationId: outcome.invitationId }) : null;
    response = problemRedirect(request, outcome.code, retry);
  } else {
    const link = await invitationLink({ ctx, invitationId: outcome.invitationId });
    const page =
      outcome.kind === "wrong_account"
        ? `wrong-account?attempt=${outcome.attemptId}`
        : outcome.kind === "cancelled"
          ? "cancelled"
          : "admin-approval";
    response = link ? redirect(request, `${link}/${page}`) : problemRedirect(request, "invitation_unusable");
  }
  response.cookies.delete(CONNECT_COOKIE);
  return response;
});

const redirect = (request: Request, target: string) => NextResponse.redirect(new URL(target, request.url), 303);

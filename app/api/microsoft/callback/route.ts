import { NextResponse, type NextRequest } from "next/server";
import { CONNECT_COOKIE } from "@/lib/connect/cookies";
import { appContext } from "@/lib/context/app-context";
import { completeConnect } from "@/lib/services/connect/complete-connect";
import { invitationLink } from "@/lib/services/connect/invitation-link";

/** Microsoft's redirect after sign-in (the app registration's redirect URI). */
export async function GET(request: NextRequest) {
  const ctx = await appContext();
  const query = Object.fromEntries(request.nextUrl.searchParams);
  const outcome = await completeConnect({
    ctx,
    query,
    browserBinding: request.cookies.get(CONNECT_COOKIE)?.value ?? null,
  });

  let target: string;
  if (outcome.kind === "connected") target = `/connect/connected/${outcome.manageLink}`;
  else if (outcome.kind === "removal_resumed") target = `/connect/removed/${outcome.progressLink}`;
  else if (outcome.kind === "failed") {
    const retry = outcome.invitationId ? await invitationLink({ ctx, invitationId: outcome.invitationId }) : null;
    target = `/connect/problem?${new URLSearchParams({ code: outcome.code, ...(retry && { retry }) })}`;
  } else {
    const link = await invitationLink({ ctx, invitationId: outcome.invitationId });
    const page =
      outcome.kind === "wrong_account"
        ? `wrong-account?attempt=${outcome.attemptId}`
        : outcome.kind === "cancelled"
          ? "cancelled"
          : "admin-approval";
    target = link ? `${link}/${page}` : "/connect/problem?code=invitation_unusable";
  }
  const response = NextResponse.redirect(new URL(target, request.url), 303);
  response.cookies.delete(CONNECT_COOKIE);
  return response;
}

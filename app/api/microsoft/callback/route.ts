import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { CONNECT_COOKIE } from "@/lib/connect/cookies";
import { systemContext } from "@/lib/services/context";
import { completeConnect } from "@/lib/services/complete-connect";
import { connectionLinkToken } from "@/lib/services/connection-link";
import { invitationLink } from "@/lib/services/invitation-link";

/** Microsoft's redirect after sign-in (the app registration's redirect URI). */
export async function GET(request: NextRequest) {
  const ctx = systemContext(await getDb());
  const query = Object.fromEntries(request.nextUrl.searchParams);
  const outcome = await completeConnect({ ctx, query, browserBinding: request.cookies.get(CONNECT_COOKIE)?.value ?? null });

  let target: string;
  if (outcome.kind === "connected") target = `/connect/connected/${connectionLinkToken(ctx, outcome.instructorId)}`;
  else if (outcome.kind === "failed") {
    const retry = outcome.invitationId ? await invitationLink(ctx, outcome.invitationId) : null;
    target = `/connect/problem?${new URLSearchParams({ reason: outcome.reason, message: outcome.message, ...(retry && { retry }) })}`;
  } else {
    const link = await invitationLink(ctx, outcome.invitationId);
    target = link ? `${link}/${outcome.kind === "cancelled" ? "cancelled" : "admin-approval"}` : "/connect/problem?reason=invitation";
  }
  const response = NextResponse.redirect(new URL(target, request.url), 303);
  response.cookies.delete(CONNECT_COOKIE);
  return response;
}

import { NextResponse } from "next/server";
import { CONNECT_COOKIE, cookieOptions } from "@/lib/connect/cookies";
import { connectRefusal } from "@/lib/connect/connect-refusal";
import { problemRedirect, withProblemPage } from "@/lib/connect/problem-redirect";
import { sameOriginOnly } from "@/lib/connect/same-origin";
import { ConflictError, isServiceUnavailable, NotFoundError, ValidationError } from "@/lib/errors";
import { appContext } from "@/lib/context/app-context";
import { startConnect } from "@/lib/services/connect/start-connect";
import { InvalidConnectionTransitionError } from "@/lib/sync/connection-state";

/**
 * The wizard's "Connect Microsoft 365" button (and "Sign in as …" after the wrong account signed
 * in): off to Microsoft's sign-in, with a binding cookie. What stops it ends on a page saying why, with the
 * way back into this invitation.
 */
export const POST = sameOriginOnly(
  withProblemPage(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
    const ctx = await appContext();
    const { token } = await params;
    const form = await request.formData();
    try {
      const { authorizeUrl, browserBinding } = await startConnect({
        ctx,
        token,
        input: { privacyMode: form.get("privacyMode"), switchAccount: form.get("switchAccount") === "1" },
      });
      const response = NextResponse.redirect(authorizeUrl, 303);
      response.cookies.set(CONNECT_COOKIE, browserBinding, cookieOptions(15 * 60));
      return response;
    } catch (error) {
      const wizard = `/connect/${token}`;
      if (error instanceof NotFoundError || error instanceof ValidationError)
        return NextResponse.redirect(new URL(wizard, request.url), 303);
      if (error instanceof InvalidConnectionTransitionError)
        return problemRedirect(request, connectRefusal(error.from) ?? "connection_changed", wizard);
      if (isServiceUnavailable(error)) return problemRedirect(request, "busy", wizard);
      // No Microsoft sign-in configured on this server.
      if (error instanceof ConflictError) return problemRedirect(request, "sign_in_unavailable");
      throw error;
    }
  }),
);

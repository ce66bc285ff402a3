import { NextResponse } from "next/server";
import { CONNECT_COOKIE, cookieOptions } from "@/lib/connect/cookies";
import { sameOriginOnly } from "@/lib/connect/same-origin";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { appContext } from "@/lib/context/app-context";
import { startConnect } from "@/lib/services/connect/start-connect";

/**
 * The wizard's "Connect Microsoft 365" button (and "Sign in as …" after the wrong account signed
 * in): off to Microsoft's sign-in, with a binding cookie.
 */
export const POST = sameOriginOnly(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
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
    if (error instanceof NotFoundError || error instanceof ValidationError)
      return NextResponse.redirect(new URL(`/connect/${token}`, request.url), 303);
    throw error;
  }
});

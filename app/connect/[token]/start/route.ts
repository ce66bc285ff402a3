import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { CONNECT_COOKIE, cookieOptions } from "@/lib/connect/cookies";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { systemContext } from "@/lib/services/context";
import { startConnect } from "@/lib/services/start-connect";

/** The wizard's "Connect Microsoft 365" button: off to Microsoft's sign-in, with a binding cookie. */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const form = await request.formData();
  try {
    const { authorizeUrl, browserBinding } = await startConnect({
      ctx: systemContext(await getDb()),
      token,
      input: { privacyMode: form.get("privacyMode") },
    });
    const response = NextResponse.redirect(authorizeUrl, 303);
    response.cookies.set(CONNECT_COOKIE, browserBinding, cookieOptions(15 * 60));
    return response;
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ValidationError)
      return NextResponse.redirect(new URL(`/connect/${token}`, request.url), 303);
    throw error;
  }
}

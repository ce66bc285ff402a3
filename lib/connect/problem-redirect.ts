import { NextResponse } from "next/server";
import { asServiceUnavailable, describeError, describeFailure } from "@/lib/errors";
import type { ProblemCode } from "./public-messages";

/** A 303 to the public problem page: a code (never text, see public-messages.ts) and the wizard to retry from. */
export function problemRedirect(request: Request, code: ProblemCode, retry?: string | null) {
  const params = new URLSearchParams({ code, ...(retry && { retry }) });
  return NextResponse.redirect(new URL(`/connect/problem?${params}`, request.url), 303);
}

/**
 * Wraps a public Connect route handler (the sign-in's start and Microsoft's redirects back): whatever it throws
 * ends on a page that says what happened and what to do, never a bare 500. A busy or restarting service is
 * "busy, try again in a minute"; anything else is a bug, logged, and "something went wrong on our side".
 * Handlers that know better (which invitation to retry) answer those cases themselves.
 */
export function withProblemPage<R extends Request, Rest extends unknown[]>(
  handler: (request: R, ...rest: Rest) => Promise<Response>,
) {
  return async (request: R, ...rest: Rest): Promise<Response> => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
      const where = `${request.method} ${new URL(request.url).pathname}`;
      const busy = asServiceUnavailable(error);
      if (busy) console.warn(`[connect] ${where} busy: ${describeError(error)}`);
      else console.error(`[connect] ${where} failed: ${describeFailure(error)}`);
      return problemRedirect(request, busy ? "busy" : "unexpected");
    }
  };
}

import { bearerToken } from "@/lib/auth/api-key-format";
import { BadRequestError, describeError, toHttpError } from "@/lib/errors";
import { assertScopeAllows } from "@/lib/auth/api-key-scope";
import { authenticateApiKey } from "@/lib/services/api-keys/authenticate-api-key";
import { appContext } from "@/lib/context/app-context";
import type { ServiceContext } from "@/lib/context/service-context";

type Handler<P> = (args: {
  ctx: ServiceContext;
  params: P;
  request: Request;
  /** The JSON body; `{ optional: true }` reads an empty body as `{}`. */
  body: (options?: { optional?: boolean }) => Promise<unknown>;
}) => Promise<Response>;

/**
 * Wraps an /api/v1 handler: bearer key (live, and allowed this method by its scope) first, then the handler, and every failure mapped to a JSON
 * error with the right status (and its headers: `Retry-After` on a 503, when the database or the job layer is
 * busy or restarting). Only a bug reaches the 500 branch, and it is logged without the body.
 */
export function apiRoute<P extends Record<string, string> = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const ctx = await appContext();
      const key = await authenticateApiKey({ ctx, secret: bearerToken(request.headers.get("authorization")) });
      assertScopeAllows(key.scope, request.method);
      return await handler({
        ctx,
        params: await context.params,
        request,
        body: (options) => readJson(request, options?.optional ?? false),
      });
    } catch (error) {
      const { status, body, headers } = toHttpError(error);
      const where = `${request.method} ${new URL(request.url).pathname}`;
      if (status === 500) console.error(`[api] ${where} failed`, error);
      if (status === 503) console.warn(`[api] ${where} busy (${headers?.["Retry-After"]} s): ${describeError(error)}`);
      const challenge = status === 401 ? { "WWW-Authenticate": 'Bearer realm="calendar-sync"' } : undefined;
      return Response.json(body, { status, headers: { ...headers, ...challenge } });
    }
  };
}

async function readJson(request: Request, optional: boolean): Promise<unknown> {
  const text = await request.text();
  if (!text.trim() && optional) return {};
  if (!text.trim()) throw new BadRequestError("The request body must be a JSON object");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError("The request body is not valid JSON");
  }
}

export function parseQuery<T>(request: Request, parse: (query: Record<string, string>) => T): T {
  return parse(Object.fromEntries(new URL(request.url).searchParams));
}

import { bearerToken } from "@/lib/auth/api-key-format";
import { z } from "zod";
import { BadRequestError, describeError, describeFailure, toHttpError } from "@/lib/errors";
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
 * busy or restarting). Every path parameter of /api/v1 is an id, so one that is not a UUID is a 400 before the
 * handler runs. Only a bug reaches the 500 branch, and it is logged without the body or any SQL parameter.
 */
export function apiRoute<P extends Record<string, string> = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const ctx = await appContext();
      const key = await authenticateApiKey({ ctx, secret: bearerToken(request.headers.get("authorization")) });
      assertScopeAllows(key.scope, request.method);
      const params = await context.params;
      assertIds(params);
      return await handler({
        ctx,
        params,
        request,
        body: (options) => readJson(request, options?.optional ?? false),
      });
    } catch (error) {
      const { status, body, headers } = toHttpError(error);
      const where = `${request.method} ${new URL(request.url).pathname}`;
      if (status === 500) console.error(`[api] ${where} failed: ${describeFailure(error)}`);
      if (status === 503) console.warn(`[api] ${where} busy (${headers?.["Retry-After"]} s): ${describeError(error)}`);
      const challenge = status === 401 ? { "WWW-Authenticate": 'Bearer realm="calendar-sync"' } : undefined;
      return Response.json(body, { status, headers: { ...headers, ...challenge } });
    }
  };
}

const uuid = z.uuid();
function assertIds(params: Record<string, string>) {
  for (const [name, value] of Object.entries(params ?? {}))
    if (!uuid.safeParse(value).success) throw new BadRequestError(`${name} is not a valid id (a UUID)`);
}

async function readJson(request: Request, optional: boolean): Promise<unknown> {
  const text = await request.text();
  if (!text.trim() && optional) return {};
  if (!text.trim()) throw new BadRequestError("The request body must be a JSON object");
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError("The request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new BadRequestError("The request body must be a JSON object");
  return body;
}

export function parseQuery<T>(request: Request, parse: (query: Record<string, string>) => T): T {
  return parse(Object.fromEntries(new URL(request.url).searchParams));
}

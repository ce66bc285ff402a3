import { and, eq, gt, isNull, or } from "drizzle-orm";
import { DateTime } from "luxon";
import { z } from "zod";
import { apiKeys } from "@/db/schema";
import { isUuid } from "@/db/queries/ids";
import { generateApiKey, hashApiKey } from "@/lib/auth/api-key-format";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "./parse-input";

export type ApiKeyScope = (typeof apiKeys.$inferSelect)["scope"];

const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name, such as the system that will use it").max(100),
  scope: z.enum(["read", "read-write"], "Choose read or read-write").default("read-write"),
  /** Empty or absent: the key does not expire. */
  expiresInDays: z.preprocess((v) => (v === "" ? null : v), z.coerce.number().int().min(1).max(3650).nullish()),
  createdById: z.uuid().nullish(),
});

/** Returns the secret once; only its hash is stored. */
export async function createApiKey({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(createApiKeyInput, input);
  const key = generateApiKey();
  const now = ctx.now();
  const expiresAt = data.expiresInDays ? DateTime.fromJSDate(now).plus({ days: data.expiresInDays }).toJSDate() : null;
  const [row] = await ctx.db
    .insert(apiKeys)
    .values({
      name: data.name, scope: data.scope, expiresAt, createdById: data.createdById ?? null,
      prefix: key.prefix, secretHash: key.secretHash, createdAt: now,
    })
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, scope: apiKeys.scope, expiresAt: apiKeys.expiresAt });
  return { ...row!, secret: key.secret };
}

export async function revokeApiKey({ ctx, id }: { ctx: ServiceContext; id: string }) {
  if (!isUuid(id)) throw new NotFoundError("API key", id);
  const [row] = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: ctx.now() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!row) throw new NotFoundError("API key", id);
}

/** A live key (not revoked, not expired) or 401. */
export async function authenticateApiKey({ ctx, secret }: { ctx: ServiceContext; secret: string | null }) {
  if (!secret) throw new UnauthorizedError("Send an API key as `Authorization: Bearer <key>`");
  const now = ctx.now();
  const [row] = await ctx.db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(
      eq(apiKeys.secretHash, hashApiKey(secret)),
      isNull(apiKeys.revokedAt),
      or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
    ))
    .returning({ id: apiKeys.id, name: apiKeys.name, scope: apiKeys.scope });
  if (!row) throw new UnauthorizedError("The API key is not valid, has expired or has been revoked");
  return row;
}

const readOnlyMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** A read key may only read: anything else is 403 (the key is fine, the request is not allowed). */
export function assertScopeAllows(scope: ApiKeyScope, method: string) {
  if (scope === "read" && !readOnlyMethods.has(method.toUpperCase()))
    throw new ForbiddenError("This API key is read-only; use a read-write key to change data");
}

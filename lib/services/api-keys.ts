import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { apiKeys } from "@/db/schema";
import { isUuid } from "@/db/queries/ids";
import { generateApiKey, hashApiKey } from "@/lib/auth/api-key-format";
import { NotFoundError, UnauthorizedError } from "@/lib/errors";
import type { ServiceContext } from "./context";
import { parseInput } from "./parse-input";

const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name, such as the system that will use it").max(100),
  createdById: z.uuid().nullish(),
});

/** Returns the secret once; only its hash is stored. */
export async function createApiKey({ ctx, input }: { ctx: ServiceContext; input: unknown }) {
  const data = parseInput(createApiKeyInput, input);
  const key = generateApiKey();
  const [row] = await ctx.db
    .insert(apiKeys)
    .values({ name: data.name, createdById: data.createdById ?? null, prefix: key.prefix, secretHash: key.secretHash, createdAt: ctx.now() })
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix });
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

export async function authenticateApiKey({ ctx, secret }: { ctx: ServiceContext; secret: string | null }) {
  if (!secret) throw new UnauthorizedError("Send an API key as `Authorization: Bearer <key>`");
  const [row] = await ctx.db
    .update(apiKeys)
    .set({ lastUsedAt: ctx.now() })
    .where(and(eq(apiKeys.secretHash, hashApiKey(secret)), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name });
  if (!row) throw new UnauthorizedError("The API key is not valid or has been revoked");
  return row;
}

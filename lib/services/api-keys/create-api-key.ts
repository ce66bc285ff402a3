import { DateTime } from "luxon";
import { z } from "zod";
import { apiKeys } from "@/db/schema";
import { generateApiKey } from "@/lib/auth/api-key-format";
import { apiKeyScopes } from "@/lib/auth/api-key-scopes";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "@/lib/parse-input";

const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name, such as the system that will use it").max(100),
  scope: z.enum(apiKeyScopes, "Choose read or read-write").default("read-write"),
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
      name: data.name,
      scope: data.scope,
      expiresAt,
      createdById: data.createdById ?? null,
      prefix: key.prefix,
      secretHash: key.secretHash,
      createdAt: now,
    })
    .returning({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scope: apiKeys.scope,
      expiresAt: apiKeys.expiresAt,
    });
  return { ...row!, secret: key.secret };
}

import { and, eq, gt, isNull, or } from "drizzle-orm";
import { apiKeys } from "@/db/schema";
import { hashApiKey } from "@/lib/auth/api-key-format";
import type { ServiceContext } from "@/lib/context/service-context";
import { UnauthorizedError } from "@/lib/errors";

/** A live key (not revoked, not expired) or 401. */
export async function authenticateApiKey({ ctx, secret }: { ctx: ServiceContext; secret: string | null }) {
  if (!secret) throw new UnauthorizedError("Send an API key as `Authorization: Bearer <key>`");
  const now = ctx.now();
  const [row] = await ctx.db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.secretHash, hashApiKey(secret)),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
      ),
    )
    .returning({ id: apiKeys.id, name: apiKeys.name, scope: apiKeys.scope });
  if (!row) throw new UnauthorizedError("The API key is not valid, has expired or has been revoked");
  return row;
}

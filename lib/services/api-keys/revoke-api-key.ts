import { and, eq, isNull } from "drizzle-orm";
import { apiKeys } from "@/db/schema";
import { isUuid } from "@/db/queries/ids";
import type { ServiceContext } from "@/lib/context/service-context";
import { NotFoundError } from "@/lib/errors";

export async function revokeApiKey({ ctx, id }: { ctx: ServiceContext; id: string }) {
  if (!isUuid(id)) throw new NotFoundError("API key", id);
  const [row] = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: ctx.now() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!row) throw new NotFoundError("API key", id);
}

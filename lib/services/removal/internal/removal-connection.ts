import { eq } from "drizzle-orm";
import { runConnectionColumns } from "@/db/queries/connection-fence";
import { calendarConnections, tokenCaches } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import type { ServiceContext } from "@/lib/context/service-context";

/** The connection a removal works on; null when it no longer exists (the instructor was deleted). */
export async function removalConnection(ctx: ServiceContext, connectionId: string) {
  const [connection] = await ctx.db.select().from(calendarConnections).where(eq(calendarConnections.id, connectionId));
  return connection ?? null;
}

/**
 * The connection as the removal's sweep runs it (lib/services/sync/run-connection.ts): its sign-in counts only
 * while its encrypted token is still stored (a removal's purge step drops it; a dead token may be gone already).
 */
export async function removalTarget(db: DbOrTx, connectionId: string) {
  const [row] = await db
    .select({ ...runConnectionColumns, token: tokenCaches.connectionId })
    .from(calendarConnections)
    .leftJoin(tokenCaches, eq(tokenCaches.connectionId, calendarConnections.id))
    .where(eq(calendarConnections.id, connectionId));
  if (!row) return null;
  const { token, ...connection } = row;
  return { ...connection, homeAccountId: token ? connection.homeAccountId : null };
}

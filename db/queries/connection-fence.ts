import { eq } from "drizzle-orm";
import type { FencedConnection } from "../../lib/sync/connection-fence";
import { calendarConnections } from "../schema";
import type { DbOrTx } from "../types";

/**
 * The connection's removal fence (`generation`) and status, its row share-locked until the transaction
 * ends: a removal beginning (its UPDATE to `disconnecting`, which moves the generation on) waits for this
 * transaction, or has committed and is seen here. So of a push claiming or recording an entry and a removal
 * beginning, one always sees the other (lib/sync/connection-fence.ts). Call it first in the transaction, so
 * the connection row is locked before any push_entries row, the order a pull's write takes them in.
 */
export async function lockConnectionFence(tx: DbOrTx, connectionId: string): Promise<FencedConnection> {
  const [row] = await tx
    .select({ generation: calendarConnections.generation, status: calendarConnections.status })
    .from(calendarConnections)
    .where(eq(calendarConnections.id, connectionId))
    .for("share");
  return row ?? null;
}

/**
 * What every run of a connection reads of it (lib/services/sync/run-connection.ts `RunConnection`): whose it
 * is, its status, the account its calendar is reached through, and the removal fence the run starts at.
 */
export const runConnectionColumns = {
  id: calendarConnections.id,
  instructorId: calendarConnections.instructorId,
  status: calendarConnections.status,
  homeAccountId: calendarConnections.homeAccountId,
  generation: calendarConnections.generation,
};

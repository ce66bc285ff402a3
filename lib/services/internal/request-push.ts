import type { SyncTrigger } from "@/db/schema/sync-runs";
import { liveConnectionsInScope } from "@/db/queries/push-connections";
import type { PushScope } from "@/db/queries/push-desired-state";
import type { ServiceContext } from "@/lib/context/service-context";

/**
 * Asks Push to converge every live connection `scope` touches: one `sync/push.requested` per
 * connection (the job runs one at a time per connection). Call it inside `inTransaction`, after the
 * change and before an unassigned booking disappears from view, so the send waits for the commit.
 */
export async function requestPush(ctx: ServiceContext, scope: PushScope, trigger: SyncTrigger): Promise<void> {
  const connectionIds = await liveConnectionsInScope(ctx.db, scope);
  if (connectionIds.length)
    await ctx.jobs.send(
      connectionIds.map((connectionId) => ({ name: "sync/push.requested", data: { connectionId, trigger } })),
    );
}

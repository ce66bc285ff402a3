import type { SyncTrigger } from "@/db/schema/sync-runs";
import { liveConnectionsInScope } from "@/db/queries/push-connections";
import type { PushScope } from "@/db/queries/push-desired-state";
import type { ServiceContext } from "@/lib/context/service-context";

/** More events than this in one change: the job looks at the instructor's every booking instead. */
const MAX_EVENTS_IN_REQUEST = 100;

/**
 * Asks Push to converge every live connection `scope` touches: one `sync/push.requested` per
 * connection (the job runs one at a time per connection). Call it inside `inTransaction`, after the
 * change and before an unassigned booking disappears from view: the connections are found now, and the
 * requests are recorded with the change (the outbox). A scope of events travels with the request, so the
 * job reads and plans only those events' entries of the instructor, not every booking they have (the
 * booking → Outlook latency). Nothing is planned here: the job plans each booking once
 * (docs/decisions/0006-push-push-planned-once.md).
 */
export async function requestPush(ctx: ServiceContext, scope: PushScope, trigger: SyncTrigger): Promise<void> {
  const connectionIds = await liveConnectionsInScope(ctx.db, scope);
  if (!connectionIds.length) return;
  const eventIds =
    scope.eventIds?.length && !scope.assignmentIds?.length && scope.eventIds.length <= MAX_EVENTS_IN_REQUEST
      ? [...scope.eventIds]
      : undefined;
  await ctx.jobs.send(
    connectionIds.map((connectionId) => ({
      name: "sync/push.requested",
      data: { connectionId, trigger, ...(eventIds && { eventIds }) },
    })),
  );
}

import type { SyncTrigger } from "@/db/schema/sync-runs";
import { liveConnectionsInScope } from "@/db/queries/push-connections";
import type { PushScope } from "@/db/queries/push-desired-state";
import type { ServiceContext } from "@/lib/context/service-context";
import { preparePushes, type PreparedPushes } from "../push/internal/prepare-pushes";

/** More events than this in one change: the job looks at the instructor's every booking instead. */
const MAX_EVENTS_IN_REQUEST = 100;

/**
 * Asks Push to converge every live connection `scope` touches: one `sync/push.requested` per
 * connection (the job runs one at a time per connection). Call it inside `inTransaction`, after the
 * change and before an unassigned booking disappears from view, so the send waits for the commit.
 * A scope of events travels with the request, so the job reads and plans only those events'
 * entries of the instructor, not every booking they have (the booking → Outlook latency); and the
 * connections are found now, but the entries' operations are planned and leased at the end of the
 * transaction, after every change it makes (push/internal/prepare-pushes.ts), so the job can send
 * them at once.
 */
export async function requestPush(ctx: ServiceContext, scope: PushScope, trigger: SyncTrigger): Promise<void> {
  const connectionIds = await liveConnectionsInScope(ctx.db, scope);
  if (!connectionIds.length) return;
  const eventIds =
    scope.eventIds?.length && !scope.assignmentIds?.length && scope.eventIds.length <= MAX_EVENTS_IN_REQUEST
      ? [...scope.eventIds]
      : undefined;
  const send = (c: ServiceContext, prepared?: PreparedPushes | null) =>
    c.jobs.send(
      connectionIds.map((connectionId) => ({
        name: "sync/push.requested",
        data: {
          connectionId,
          trigger,
          ...(eventIds && { eventIds }),
          ...(prepared?.connectionIds.has(connectionId) && { prepared: prepared.holder }),
        },
      })),
    );
  if (!eventIds || !ctx.beforeCommit) return send(ctx);
  ctx.beforeCommit(async (tx) => send(tx, await preparePushes(tx, { eventIds, connectionIds })));
}

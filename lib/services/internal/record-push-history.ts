import { pushHistory } from "@/db/schema";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import type { PushHistoryAction } from "@/lib/sync/push-history-action";
import type { SyncKey } from "@/lib/sync/extended-property";
import type { ServiceContext } from "@/lib/context/service-context";

export type PushHistoryLine = SyncKey & {
  eventId: string;
  instructorId: string;
  action: PushHistoryAction;
  error?: string | null;
};

/** Appends lines to the events' push history (db/queries/push-history.ts reads them), all at `ctx.now()`. */
export async function recordPushHistory(
  ctx: ServiceContext,
  run: { runId: string | null; trigger: SyncTrigger | null },
  lines: readonly PushHistoryLine[],
): Promise<void> {
  if (!lines.length) return;
  const at = ctx.now();
  await ctx.db.insert(pushHistory).values(
    lines.map((line) => ({
      eventId: line.eventId,
      instructorId: line.instructorId,
      assignmentId: line.assignmentId,
      sessionId: line.sessionId,
      action: line.action,
      error: line.error ?? null,
      runId: run.runId,
      trigger: run.trigger,
      at,
    })),
  );
}

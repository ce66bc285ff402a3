import { and, eq, inArray, isNull, lt, or } from "drizzle-orm";
import { pushEntries } from "@/db/schema";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import { loadPushDesiredState } from "@/db/queries/push-desired-state";
import { syncKeyOf } from "@/lib/sync/extended-property";
import type { MirrorEvent } from "@/lib/sync/mirror-event";
import { detectPushDrift, touchedOwnEntries } from "@/lib/sync/push-drift";
import type { PushContentInput } from "@/lib/sync/push-content";
import type { ChangeSet } from "@/lib/sync/reconcile";
import type { ServiceContext } from "@/lib/context/service-context";
import { recordPushHistory } from "../../internal/record-push-history";
import { requestPush } from "../../internal/request-push";

/**
 * Pull's part in keeping our entries exact (issue 12 item 5): of the entries of ours a round
 * touched, those the instructor changed or removed in Outlook lose their recorded hash, so the
 * next push rewrites them (an update; a 404 there re-creates the entry and logs "removed in
 * Outlook by the instructor"), and a push is requested at once. An edit is a line in the event's
 * push history. Runs inside the pull's transaction: the push request is sent after its commit.
 * Returns how many entries drifted.
 */
export async function notePushDrift(
  ctx: ServiceContext,
  input: {
    connectionId: string;
    instructorId: string;
    mirror: readonly MirrorEvent[];
    changes: ChangeSet;
    run: { runId: string; trigger: SyncTrigger };
  },
): Promise<number> {
  const ids = touchedOwnEntries(input.mirror, input.changes);
  if (!ids.length) return 0;
  const now = ctx.now();
  const rows = await ctx.db
    .select()
    .from(pushEntries)
    .where(
      and(
        eq(pushEntries.connectionId, input.connectionId),
        inArray(pushEntries.outlookEventId, ids),
        eq(pushEntries.status, "in_outlook"),
        // An entry a push holds is being rewritten anyway.
        or(isNull(pushEntries.leaseUntil), lt(pushEntries.leaseUntil, now)),
      ),
    );
  if (!rows.length) return 0;
  const { candidates } = await loadPushDesiredState(
    ctx.db,
    { assignmentIds: [...new Set(rows.map((r) => r.assignmentId))] },
    { appUrl: ctx.config.appUrl },
  );
  const contentByKey = new Map(
    candidates
      .filter((c) => c.eventLifecycle === "active")
      .map((c) => [syncKeyOf(c.assignmentId, c.sessionId), c.content]),
  );
  const wanted = new Map<string, PushContentInput>();
  for (const row of rows) {
    const content = contentByKey.get(syncKeyOf(row.assignmentId, row.sessionId));
    if (content) wanted.set(row.outlookEventId!, content);
  }
  const drifts = detectPushDrift(
    rows.map((r) => ({ ...r, outlookEventId: r.outlookEventId! })),
    input.changes,
    wanted,
  );
  if (!drifts.length) return 0;
  for (const { entry } of drifts)
    await ctx.db
      .update(pushEntries)
      .set({ contentHash: null, updatedAt: now })
      .where(
        and(
          eq(pushEntries.assignmentId, entry.assignmentId),
          eq(pushEntries.sessionId, entry.sessionId),
          eq(pushEntries.outlookEventId, entry.outlookEventId),
        ),
      );
  const byKey = new Map(rows.map((r) => [syncKeyOf(r.assignmentId, r.sessionId), r]));
  await recordPushHistory(
    ctx,
    input.run,
    drifts
      .filter((d) => d.kind === "edited")
      .map(({ entry }) => {
        const row = byKey.get(syncKeyOf(entry.assignmentId, entry.sessionId))!;
        return { ...entry, eventId: row.eventId, instructorId: row.instructorId, action: "edited_in_outlook" as const };
      }),
  );
  // The push is part of the pull's work: it carries the pull's trigger.
  await requestPush(ctx, { instructorIds: [input.instructorId] }, input.run.trigger);
  return drifts.length;
}

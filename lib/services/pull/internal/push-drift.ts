import { and, eq, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import { pushEntries } from "@/db/schema";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import type { DbOrTx } from "@/db/types";
import { syncKeyOf } from "@/lib/sync/extended-property";
import { detectPushDrift, type RoundSeen } from "@/lib/sync/push-drift";
import type { ServiceContext } from "@/lib/context/service-context";
import { logConnectionEvent } from "../../internal/log-connection-event";
import { recordPushHistory } from "../../internal/record-push-history";
import { requestPush } from "../../internal/request-push";

/** Each entry's recorded changeKey by Outlook id, read before a round is: what the round is judged against. */
export type PushedVersions = ReadonlyMap<string, string | null>;

/**
 * Read before the round: an entry whose record differs from this afterwards was written by a push
 * while the round was read (lib/sync/push-drift.ts).
 */
export async function pushedVersions(db: DbOrTx, connectionId: string): Promise<PushedVersions> {
  const rows = await db
    .select({ outlookEventId: pushEntries.outlookEventId, changeKey: pushEntries.outlookChangeKey })
    .from(pushEntries)
    .where(and(eq(pushEntries.connectionId, connectionId), isNotNull(pushEntries.outlookEventId)));
  return new Map(rows.map((r) => [r.outlookEventId!, r.changeKey]));
}

/**
 * Pull's part in keeping our entries exact (issue 12 item 5): of our entries confirmed in Outlook,
 * those the instructor changed (another changeKey than our last write left) or removed lose their
 * recorded hash, so the next push rewrites them (an update; a 404 there re-creates the entry and
 * logs "removed in Outlook by the instructor"), and a push is requested at once. An edit is a line
 * in the event's push history and one line in the connection log. An entry already marked (no
 * hash) or being pushed (leased) is left alone, so one edit is noted once. Runs inside the pull's
 * transaction: the push request is sent after its commit. Returns how many entries drifted.
 */
export async function notePushDrift(
  ctx: ServiceContext,
  input: {
    connectionId: string;
    instructorId: string;
    round: RoundSeen;
    before: PushedVersions;
    run: { runId: string; trigger: SyncTrigger };
  },
): Promise<number> {
  // Only entries recorded before the round was read can be judged by it; most rounds touch none.
  const touched = [...input.round.versions.keys(), ...input.round.removed].filter((id) => input.before.has(id));
  if (!touched.length) return 0;
  const now = ctx.now();
  const unleased = or(isNull(pushEntries.leaseUntil), lt(pushEntries.leaseUntil, now));
  const candidates = await ctx.db
    .select()
    .from(pushEntries)
    .where(
      and(
        eq(pushEntries.connectionId, input.connectionId),
        inArray(pushEntries.outlookEventId, touched),
        eq(pushEntries.status, "in_outlook"),
        isNotNull(pushEntries.contentHash),
        // An entry a push holds is being rewritten anyway, and what the round shows may be that write.
        unleased,
      ),
    );
  if (!candidates.length) return 0;
  const drifts = detectPushDrift(
    candidates.map((r) => ({
      assignmentId: r.assignmentId,
      sessionId: r.sessionId,
      outlookEventId: r.outlookEventId!,
      changeKey: r.outlookChangeKey,
      modifiedAt: r.outlookModifiedAt,
    })),
    input.round,
    input.before,
  );
  const marked: typeof drifts = [];
  for (const drift of drifts) {
    const { entry } = drift;
    // Only if no push took or rewrote the entry since it was read above.
    const [updated] = await ctx.db
      .update(pushEntries)
      .set({ contentHash: null, updatedAt: now })
      .where(
        and(
          eq(pushEntries.assignmentId, entry.assignmentId),
          eq(pushEntries.sessionId, entry.sessionId),
          eq(pushEntries.outlookEventId, entry.outlookEventId),
          eq(pushEntries.status, "in_outlook"),
          isNotNull(pushEntries.contentHash),
          entry.changeKey === null
            ? isNull(pushEntries.outlookChangeKey)
            : eq(pushEntries.outlookChangeKey, entry.changeKey),
          unleased,
        ),
      )
      .returning({ id: pushEntries.id });
    if (updated) marked.push(drift);
  }
  if (!marked.length) return 0;
  const byKey = new Map(candidates.map((r) => [syncKeyOf(r.assignmentId, r.sessionId), r]));
  const edited = marked.filter((d) => d.kind === "edited");
  await recordPushHistory(
    ctx,
    input.run,
    edited.map(({ entry }) => {
      const row = byKey.get(syncKeyOf(entry.assignmentId, entry.sessionId))!;
      return {
        assignmentId: entry.assignmentId,
        sessionId: entry.sessionId,
        eventId: row.eventId,
        instructorId: row.instructorId,
        action: "edited_in_outlook" as const,
      };
    }),
  );
  if (edited.length)
    await logConnectionEvent(
      ctx,
      input.instructorId,
      "push_entry_edited_in_outlook",
      edited.length === 1
        ? "A training entry was changed in Outlook by the instructor; it is put back as the platform has it"
        : `${edited.length} training entries were changed in Outlook by the instructor; they are put back as the platform has them`,
    );
  // The push is part of the pull's work: it carries the pull's trigger.
  await requestPush(ctx, { instructorIds: [input.instructorId] }, input.run.trigger);
  return marked.length;
}

import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { pushEntries } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { ReconnectRequiredError, type MicrosoftUnavailableError } from "@/lib/errors";
import { sendInBatches } from "@/lib/graph/batch-outcome";
import { deleteEventStep } from "@/lib/graph/event-write-steps";
import { SYNC_KEY_PROPERTY_ID } from "@/lib/sync/extended-property";
import { runConnection, type ConnectionRun, type RunConnection } from "../sync/run-connection";
import { removalTarget } from "./internal/removal-connection";

export type SweepResult =
  | { outcome: "swept"; found: number; deleted: number; alreadyGone: number; graphRequests: number }
  /** The connection is not being removed (any more): nothing was touched. */
  | { outcome: "skipped"; graphRequests: 0 }
  /**
   * Microsoft refused the token (the instructor revoked the app, or the grant died), or no sign-in is stored:
   * our entries cannot be deleted now. The job purges locally anyway and records what was left.
   */
  | { outcome: "token_refused"; reason: string; graphRequests: number };

/**
 * Deletes every Outlook entry this product created for the connection: those carrying our extended property
 * anywhere in the mailbox (so entries our table lost track of go too) and every id push_entries recorded,
 * 20 to a `$batch` (lib/graph's sendInBatches: throttled sub-requests re-sent within its budget, each answer
 * read as a typed outcome). One already gone counts as done.
 *
 * A step of the removal's run in the connection-run skeleton (lib/services/sync/run-connection.ts, `join`):
 * the skeleton reads the connection (only while it is `disconnecting`), builds the Graph client counting into
 * the run, and adds this attempt's deletions and Graph requests to the run's row after every `$batch`, so an
 * attempt that failed half-way still counts what it deleted; the removal's last step ends the run. A refused
 * token is no refused grant to act on here but a *dead token* (lib/services/sync/AGENTS.md): reported as
 * `token_refused`, and the job purges locally anyway. Sub-requests still throttled after the budget are thrown,
 * for the job to retry the step after Retry-After: the next attempt finds only what is left, so running it
 * again is always safe.
 */
export async function sweepOutlookEntries({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; runId?: string | null };
}): Promise<SweepResult> {
  if (!input.runId) return { outcome: "skipped", graphRequests: 0 };
  const result = await runConnection(ctx, {
    connectionId: input.connectionId,
    kind: "removal",
    row: { join: input.runId },
    read: removalTarget,
    worksOn: (status) => status === "disconnecting",
    body: (run) => sweep(ctx, run),
  });
  if (result.outcome === "done") return result.value;
  if (result.outcome === "skipped" && result.signedOut)
    return { outcome: "token_refused", reason: "No Microsoft sign-in is stored for this connection", graphRequests: 0 };
  return { outcome: "skipped", graphRequests: 0 };
}

/** The sweep itself: read what to delete, delete it in `$batch`es, record the progress of each. */
async function sweep(ctx: ServiceContext, run: ConnectionRun<RunConnection>): Promise<SweepResult> {
  const { connection, client } = run;
  // What this attempt did and has not yet added to the run's row.
  let unrecorded = { deleted: 0, alreadyGone: 0 };
  const record = async () => {
    const counts = unrecorded;
    unrecorded = { deleted: 0, alreadyGone: 0 };
    return run.addCounts(ctx.db, counts);
  };
  try {
    const tagged = await client.findEventsWithExtendedProperty(SYNC_KEY_PROPERTY_ID);
    const recorded = await ctx.db
      .select({ outlookEventId: pushEntries.outlookEventId })
      .from(pushEntries)
      .where(and(eq(pushEntries.connectionId, connection.id), isNotNull(pushEntries.outlookEventId)));
    const ids = [...new Set([...tagged.map((e) => e.id!), ...recorded.map((r) => r.outlookEventId!)])];

    const stillThrottled: MicrosoftUnavailableError[] = [];
    await sendInBatches(
      client,
      ids.map((id, k) => deleteEventStep(String(k), id)),
      {
        // After every `$batch`: its progress on the run's row (a sign of life too), then a refusal stops the sweep.
        afterEach: async (outcomes) => {
          const gone: string[] = [];
          let refused: Error | undefined;
          for (const outcome of outcomes) {
            if (outcome.kind === "ok" || outcome.kind === "gone") gone.push(ids[Number(outcome.id)]!);
            if (outcome.kind === "ok") unrecorded.deleted++;
            else if (outcome.kind === "gone") unrecorded.alreadyGone++;
            else if (outcome.kind === "throttled") stillThrottled.push(outcome.error);
            else refused ??= outcome.error;
          }
          // Forget the Outlook ids already dealt with, so a retried attempt does not count them again as gone.
          if (gone.length)
            await ctx.db
              .update(pushEntries)
              .set({ outlookEventId: null })
              .where(and(eq(pushEntries.connectionId, connection.id), inArray(pushEntries.outlookEventId, gone)));
          await record();
          if (refused) throw refused;
        },
      },
    );
    if (stillThrottled.length) throw longestWait(stillThrottled);
    const total = await record();
    const deleted = total.counts.deleted ?? 0;
    const alreadyGone = total.counts.alreadyGone ?? 0;
    // Found over every attempt: what an earlier attempt deleted is no longer found by this one.
    return { outcome: "swept", found: deleted + alreadyGone, deleted, alreadyGone, graphRequests: total.graphRequests };
  } catch (error) {
    const total = await record().catch(() => null);
    if (!(error instanceof ReconnectRequiredError) || !total) throw error;
    return { outcome: "token_refused", reason: error.message, graphRequests: total.graphRequests };
  }
}

/** Of the sub-requests Graph kept refusing, the one asking to wait longest speaks for all. */
function longestWait(errors: MicrosoftUnavailableError[]): Error {
  const waits = errors.map((e) => e.retryAfterMs ?? 0);
  return errors[waits.indexOf(Math.max(...waits))]!;
}

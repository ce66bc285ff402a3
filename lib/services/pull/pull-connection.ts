import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { mirrorOf, mirrorSize, writeMirrorChanges } from "@/db/queries/mirror";
import { forgetNotedChanges, notedChanges, notedSummary, type ReadPast } from "@/db/queries/notified-changes";
import { confirmNotifiedIds, MAX_REREAD_IDS } from "@/lib/sync/notified-changes";
import { HELD_ROUND_ERROR } from "@/lib/sync/connection-health";
import { ConnectionFencedError, fenceHolds } from "@/lib/sync/connection-fence";
import { toDeltaItems } from "@/lib/sync/delta-items";
import type { MapOptions } from "@/lib/sync/map-graph-event";
import { pullWindow } from "@/lib/sync/pull-window";
import type { OutlookVersion } from "@/lib/sync/outlook-version";
import { seenVersions } from "@/lib/sync/push-drift";
import { applyDeltaRound, HOLD_MINIMUM_REMOVALS, safetyVerdict, type ChangeSet } from "@/lib/sync/reconcile";
import { logConnectionEvent } from "../internal/log-connection-event";
import { runConnection, type ConnectionRun } from "../sync/run-connection";
import { notePushDrift, pushedVersions } from "./internal/push-drift";
import { lockForMirrorWrite, ourOutlookIds, pullTarget, savePullState, storedPullState } from "./internal/pull-target";
import { readFullPrivateRound } from "./internal/full-private-round";
import { readDeltaRound } from "./internal/read-round";

export type PullResult =
  | {
      status: "succeeded";
      counts: { fetched: number; added: number; updated: number; removed: number };
      /** A notification's round did not show this many of the ids notified: check again later (notified-changes.ts). */
      recheck?: number;
    }
  | { status: "held"; wouldRemove: number; mirrored: number }
  | { status: "failed"; reason: string }
  | { status: "skipped"; reason: string }
  /** A removal began (or the connection stopped being live) while the round was read: nothing was written. */
  | { status: "cancelled"; reason: string };

type PullInput = {
  connectionId: string;
  runId: string;
  confirmHeld?: boolean;
  /** Read the whole window anew even when a delta link is stored (after a `missed` notification). */
  baseline?: boolean;
  /** A change notification's pull; Full Private Mode then re-reads only the ids noted. */
  onlyNotified?: boolean;
  /** How many times this notification's ids were already checked again (0: the first pull). */
  recheck?: number;
};
type PullTarget = NonNullable<Awaited<ReturnType<typeof pullTarget>>>;

/**
 * One pull of one connection into the mirror, the body of a connection run (lib/services/sync/run-connection.ts:
 * the run claimed, the connection shown syncing, the Graph client counted, the end recorded by the one policy).
 * Default Privacy Mode reads a calendarView/delta round (a baseline when due or after a 410); Full Private Mode
 * reads the whole window with times only and diffs it against the mirror, or, for a change notification,
 * re-reads only the ids the notifications named (full-private-round.ts). The ids noted that the round read past
 * are forgotten with it. The round is read completely before anything is written; then the mirror changes, the
 * pull state and the finished run land in one transaction. A round that would remove more than half of the
 * mirror is held (recorded on the run, not applied) unless `confirmHeld`. Graph throttling and outages are
 * thrown for the job to retry (the run says failed meanwhile); a refused grant goes to handleRefusedGrant
 * (Reconnect needed, or Removal when the instructor removed the app).
 *
 * The write is fenced (lib/sync/connection-fence.ts): under the connection row's lock it checks that the
 * connection is still live at the generation the pull read first. A removal that began meanwhile has
 * moved it on (and may already have purged the mirror): the round is dropped, the run is cancelled with
 * why, and nothing is retried.
 */
export async function pullConnection({ ctx, input }: { ctx: ServiceContext; input: PullInput }): Promise<PullResult> {
  const { connectionId } = input;
  const result = await runConnection(ctx, {
    connectionId,
    kind: "pull",
    // A retry of the job claims its failed row again: the row always shows the latest attempt.
    row: { claim: input.runId, from: ["queued", "failed"] },
    read: pullTarget,
    notReady: (reason) => ({ errorClass: "ConnectionNotPullable", errorMessage: `Not pulled: ${reason}` }),
    showSyncing: true,
    body: (run) => pullRound(ctx, input, run),
  });
  switch (result.outcome) {
    case "done":
      return result.value;
    case "skipped":
      return { status: "skipped", reason: result.reason };
    case "cancelled":
      return { status: "cancelled", reason: result.reason };
    case "refused":
      return {
        status: "failed",
        reason: result.action === "start_removal" ? "removed by the instructor" : "reconnect needed",
      };
  }
}

/** The pull's own work inside the run skeleton: read the round, decide, write it and the finished run at once. */
async function pullRound(
  ctx: ServiceContext,
  input: PullInput,
  { runId, trigger, connection: target, client, finish }: ConnectionRun<PullTarget>,
): Promise<PullResult> {
  const { connectionId } = input;
  const now = ctx.now();
  const wanted = pullWindow({ now, timeZone: target.timeZone });
  // Our entries' recorded versions before the round is read: an entry a push writes meanwhile is
  // not judged by this round (what it shows may predate that write).
  const [state, pushedBefore] = await Promise.all([
    storedPullState(ctx.db, connectionId),
    pushedVersions(ctx.db, connectionId),
  ]);
  // Read once the round is in: an entry Push created meanwhile (a connect pushes while it pulls)
  // is in the round and, recorded by now, known as ours (delta cannot expand our property).
  const mapOptions = async (): Promise<MapOptions> => ({
    homeZone: target.timeZone,
    privacyMode: target.privacyMode,
    ourEventIds: await ourOutlookIds(ctx.db, connectionId),
  });

  let changes: ChangeSet;
  let fetched: number;
  let nextState: NonNullable<typeof state> | null;
  let baseline: boolean;
  let mirrored: number;
  // The version of every event the round read (our entries' drift is judged by them).
  let versions: Map<string, OutlookVersion>;
  // The ids change notifications noted that this round reads past, and how many a notification's pull found.
  let readPast: ReadPast;
  let notified: number | undefined;
  let unseen = 0;
  if (target.privacyMode === "full_private") {
    ({ changes, fetched, versions, mirrored, nextState, baseline, readPast, notified } = await readFullPrivateRound(
      ctx.db,
      client,
      { connectionId, wanted, now, onlyNotified: input.onlyNotified === true && !input.baseline, state, mapOptions },
    ));
  } else {
    // Delta reads every change since its token: it covers every id noted before it began, once Graph
    // has caught up. A notification's round keeps the ids it did not show for another check.
    const noted = await notedSummary(ctx.db, connectionId);
    const checking =
      input.onlyNotified === true && !input.baseline && noted.count > 0 && noted.count <= MAX_REREAD_IDS
        ? await notedChanges(ctx.db, connectionId, MAX_REREAD_IDS)
        : null;
    readPast = noted.latestSeq === null ? null : { upTo: noted.latestSeq };
    const round = await readDeltaRound(client, input.baseline ? null : state, wanted, now);
    if (checking && !round.baseline) {
      // A series is notified under its master's id; delta shows its occurrences.
      const seen = new Set(round.items.flatMap((i) => [i.id, i.seriesMasterId]).filter((id): id is string => !!id));
      const confirmed = confirmNotifiedIds(checking, seen, input.recheck ?? 0);
      if (confirmed.unseen > 0) {
        unseen = confirmed.unseen;
        readPast = { seqs: confirmed.readSeqs };
      }
    }
    const items = toDeltaItems(round.items, await mapOptions());
    versions = seenVersions(round.items);
    // A baseline replaces the whole mirror; an hour's round touches a few items, so only their
    // rows are read (most rounds are empty: nothing is read at all).
    const mirror = round.baseline
      ? await mirrorOf(ctx.db, connectionId)
      : await mirrorOf(ctx.db, connectionId, {
          graphIds: items.map((i) => (i.kind === "event" ? i.event.graphId : i.graphId)),
        });
    changes = applyDeltaRound(mirror, items, { baseline: round.baseline });
    fetched = round.items.length;
    nextState = { deltaLink: round.deltaLink, window: round.window, baselineAt: round.baselineAt };
    baseline = round.baseline;
    mirrored =
      round.baseline || changes.deletes.length < HOLD_MINIMUM_REMOVALS
        ? mirror.length
        : await mirrorSize(ctx.db, connectionId);
  }

  const verdict = safetyVerdict(mirrored, changes);
  if (verdict.verdict === "held" && !input.confirmHeld) {
    const message = `Held: this round would remove ${verdict.wouldRemove} of ${verdict.mirrored} mirrored events; nothing was applied until an admin confirms it`;
    await finish(ctx.db, {
      status: "failed",
      counts: {
        fetched,
        ...verdict.counts,
        ...(notified !== undefined && { notified }),
        mirrored: verdict.mirrored,
        held: 1,
      },
      errorClass: HELD_ROUND_ERROR,
      errorMessage: message,
    });
    await logConnectionEvent(ctx, target.instructorId, "pull_held", message);
    return { status: "held", wouldRemove: verdict.wouldRemove, mirrored: verdict.mirrored };
  }

  const counts = { fetched, ...verdict.counts, ...(notified !== undefined && { notified }) };
  await inTransaction(ctx, async (tx) => {
    // Locks the instructor's and the connection's rows: a switch to Full Private Mode made while this
    // round was read (with titles) waits or has happened; then nothing is written and the retry reads
    // in the new mode. A zone change waits too, or has happened and the all-day rows follow it. So
    // does a removal beginning: once it has, nothing read before it is written (the fence).
    const locked = await lockForMirrorWrite(tx.db, connectionId);
    if (!fenceHolds(target, locked, { live: true })) throw new ConnectionFencedError("Pull");
    if (locked!.privacyMode !== target.privacyMode) throw new PrivacyModeChangedError();
    await writeMirrorChanges(tx.db, connectionId, changes, now);
    if (nextState) await savePullState(tx.db, connectionId, nextState, now);
    await forgetNotedChanges(tx.db, connectionId, readPast);
    // Our own entries the instructor changed or removed: rewritten by the push this requests.
    const drifted = await notePushDrift(tx, {
      connectionId,
      instructorId: target.instructorId,
      round: { versions, removed: new Set(changes.deletes) },
      before: pushedBefore,
      run: { runId, trigger },
    });
    await finish(tx.db, {
      status: "succeeded",
      counts: { ...counts, ...(baseline && { baseline: 1 }), ...(drifted && { drifted }) },
    });
  });
  return { status: "succeeded", counts, ...(unseen > 0 && { recheck: unseen }) };
}

/** The privacy mode changed while a round was read: it is not written, and the job's retry reads again. */
class PrivacyModeChangedError extends Error {
  override name = "PrivacyModeChangedError";
  constructor() {
    super("The privacy mode changed during the pull; nothing was written");
  }
}

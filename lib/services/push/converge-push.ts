import { pushConnectionColumns } from "@/db/queries/push-entry-lease";
import { inArray } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import type { SyncTrigger } from "@/db/schema/sync-runs";
import { loadPushDesiredState, type PushDesiredState, type PushScope } from "@/db/queries/push-desired-state";
import { MicrosoftUnavailableError } from "@/lib/errors";
import { syncKeyOf } from "@/lib/sync/extended-property";
import { planPushes } from "@/lib/sync/plan-pushes";
import type { ServiceContext } from "@/lib/context/service-context";
import type { OutlookOperation } from "./internal/act-in-outlook";
import { forgetEntry } from "./internal/push-entry-records";
import {
  openConnectionPush,
  type ConnectionPush,
  type ConnectionPushResult,
  type PushConnection,
} from "./internal/push-connection";

export type ConvergePushResult = { runs: ConnectionPushResult[]; waiting: number; forgotten: number };

/**
 * Converges Outlook to the bookings in `scope` (events, instructors, assignments): loads desired and
 * recorded state, plans, and pushes each connection's share (one `sync_runs` row per connection,
 * see internal/push-connection.ts). With `connection`, only that connection is touched and a run
 * is recorded for it even when nothing needed doing. Safe to run any number of times, at once too.
 * A transient Graph failure is recorded, then rethrown (with its `retryAfterMs`) after every
 * connection had its turn, for the job layer to retry.
 *
 * With `prepared` (a push job taking up what its saving transaction planned and leased, see
 * internal/prepare-pushes.ts), those operations are sent first, before anything is read; then the
 * scope is loaded and planned as always, in the same run, so whatever changed since the
 * transaction planned (or whatever it could not lease) is converged too.
 */
export async function convergePush({
  ctx,
  scope,
  trigger,
  connection: only,
  desired,
  prepared,
  holder,
}: {
  ctx: ServiceContext;
  scope: PushScope;
  trigger: SyncTrigger;
  /**
   * Only this connection (as just read by the caller), and only its instructor's entries: the
   * event's other instructors have pushes of their own.
   */
  connection?: PushConnection;
  /** `scope`'s desired state, when the caller has just loaded it. */
  desired?: PushDesiredState;
  /** `connection`'s operations whose leases `holder` holds. */
  prepared?: { holder: string; operations: readonly OutlookOperation[] };
  /** The lease holder for `connection`'s run (a job run's own, stable across its attempts); else a new one. */
  holder?: string;
}): Promise<ConvergePushResult> {
  const first = only && prepared ? openConnectionPush(ctx, only, trigger, { holder: prepared.holder }) : undefined;
  if (first) {
    await first.act(prepared!.operations);
    if (first.failed) return done([await first.finish()], 0, 0);
  }

  const connectionId = only?.id;
  const instructorId = only?.instructorId;
  const loaded = desired ?? (await loadPushDesiredState(ctx.db, scope, { appUrl: ctx.config.appUrl }));
  const candidates = instructorId
    ? loaded.candidates.filter((c) => c.instructorId === instructorId)
    : loaded.candidates;
  const recorded = instructorId ? loaded.recorded.filter((r) => r.instructorId === instructorId) : loaded.recorded;
  const plan = planPushes(candidates, recorded);
  const candidatesByKey = new Map(candidates.map((c) => [syncKeyOf(c.assignmentId, c.sessionId), c]));
  const recordedByKey = new Map(recorded.map((r) => [syncKeyOf(r.assignmentId, r.sessionId), r]));

  let waiting = 0;
  let forgotten = 0;
  const byConnection = new Map<string, OutlookOperation[]>();
  if (connectionId) byConnection.set(connectionId, []);
  for (const op of plan) {
    if (op.kind === "wait") waiting++;
    else if (op.kind === "forget") {
      await forgetEntry(ctx, op);
      forgotten++;
    } else if (!connectionId || op.connectionId === connectionId)
      byConnection.set(op.connectionId, [...(byConnection.get(op.connectionId) ?? []), op]);
  }
  if (!byConnection.size) return done([], waiting, forgotten);

  const connections = only
    ? [only]
    : await ctx.db
        .select(pushConnectionColumns)
        .from(calendarConnections)
        .where(inArray(calendarConnections.id, [...byConnection.keys()]));
  const runs: ConnectionPushResult[] = [];
  for (const connection of connections) {
    const operations = byConnection.get(connection.id)!;
    const push: ConnectionPush =
      first && connection.id === only?.id
        ? first
        : openConnectionPush(ctx, connection, trigger, holder && connection.id === only?.id ? { holder } : {});
    // Wanted entries nothing is done to: neither planned now nor sent first from the prepared plan.
    const touched = new Set(
      [...operations, ...(push === first ? prepared!.operations : [])]
        .filter((op) => op.kind !== "delete")
        .map((op) => syncKeyOf(op.assignmentId, op.sessionId)),
    );
    push.counts.unchanged += candidates.filter(
      (c) =>
        c.connection?.id === connection.id &&
        c.eventLifecycle === "active" &&
        !touched.has(syncKeyOf(c.assignmentId, c.sessionId)),
    ).length;
    await push.claimAndAct(operations, candidatesByKey, recordedByKey);
    runs.push(await push.finish());
  }
  return done(runs, waiting, forgotten);
}

/** The result, or the transient Graph failure that stopped a run (after every connection had its turn). */
function done(runs: ConnectionPushResult[], waiting: number, forgotten: number): ConvergePushResult {
  const transient = runs.map((r) => r.error).find((e) => e instanceof MicrosoftUnavailableError);
  if (transient) throw transient;
  return { runs, waiting, forgotten };
}

import { randomUUID } from "node:crypto";
import { addRunCounts, claimRun, finishRun, openRun, touchRun, type RunEnding } from "@/db/queries/sync-runs";
import {
  syncRunStatus,
  type SyncCounts,
  type SyncKind,
  type SyncRunStatus,
  type SyncTrigger,
} from "@/db/schema/sync-runs";
import type { DbOrTx } from "@/db/types";
import type { ServiceContext } from "@/lib/context/service-context";
import type { GraphCalendarClient } from "@/lib/graph/calendar-client";
import type { GraphSubscriptionClient } from "@/lib/graph/subscription-client";
import { GraphRequestCounter } from "@/lib/graph/request-counter";
import { InvalidConnectionTransitionError, isLive, type ConnectionStatus } from "@/lib/sync/connection-state";
import type { RefusedGrantAction } from "@/lib/sync/refused-grant";
import { heartbeatDue } from "@/lib/sync/run-liveness";
import { connectionClients } from "./internal/connection-clients";
import { recordRunEnd } from "./record-run-end";
import { transitionConnection } from "./transition-connection";

/** What the skeleton reads of a connection; a capability's own read returns at least this. */
export type RunConnection = {
  id: string;
  instructorId: string;
  status: ConnectionStatus;
  /** The provider's account the calendar is reached through; null when no sign-in is stored. */
  homeAccountId: string | null;
  /** The removal fence as read at the start (lib/sync/connection-fence.ts): the body's writes check it. */
  generation: number;
};

/**
 * The run's `sync_runs` row: `claim` a row a request queued (from the statuses the kind's protocol allows),
 * `open` one running once the connection is found reachable (a push: nothing is written for a connection it
 * cannot reach), or `join` the row of a run spanning several job steps (a removal's sweep): such a step adds
 * its counts and Graph requests to the row and leaves ending it to the run's last step (or its onFailure).
 */
export type RunRow = { claim: string; from: SyncRunStatus[] } | { open: SyncTrigger } | { join: string };

/** What the body of a run is given. */
export type ConnectionRun<C extends RunConnection> = {
  runId: string;
  trigger: SyncTrigger;
  connection: C;
  /** The connection's calendar client, counting its requests into the run's `graph_requests`. */
  client: GraphCalendarClient;
  /** Its subscriptions client, counted the same way (built when first asked for). */
  subscriptions: () => GraphSubscriptionClient;
  /**
   * Settles once the run's row exists: an opened row is written beside the body's start, so a write of the body
   * that refers to the row (a foreign key to `sync_runs`) awaits it first.
   */
  rowWritten: Promise<void>;
  /** The run's tallies: recorded with whatever ending the skeleton writes (or added, for a joined row). */
  counts: SyncCounts;
  /**
   * Adds `counts` and the Graph requests sent since the last call to the row now (in `db`, the body's
   * transaction when it has one) and returns the row's totals: a long run's progress, kept across retries.
   */
  addCounts: (db: DbOrTx, counts: SyncCounts) => Promise<{ counts: SyncCounts; graphRequests: number }>;
  /** Ends the run the body's own way (in the body's transaction); the skeleton then records nothing more. */
  finish: (db: DbOrTx, ending: Omit<RunEnding, "graphRequests">) => Promise<void>;
};

export type ConnectionRunResult<T> =
  | { outcome: "done"; value: T }
  /**
   * Nothing ran: no such connection, the row was not claimable, or the connection cannot be reached now
   * (`signedOut`: its status is one the run works on, but no sign-in or no provider is there to act with).
   */
  | { outcome: "skipped"; reason: string; signedOut?: boolean }
  /** A removal began meanwhile (ConnectionFencedError): recorded cancelled, not retried. */
  | { outcome: "cancelled"; reason: string }
  /** Microsoft refused the grant: recorded failed, and handleRefusedGrant did `action`. */
  | { outcome: "refused"; action: RefusedGrantAction };

/**
 * The skeleton of one run of one connection (docs/decisions/0005-connection-run-skeleton.md), so a
 * capability writes only its body:
 * 1. reads the connection once (`read`: the capability's own query, at least RunConnection; it may read
 *    the rest of the state the run needs in the same round) and takes its row (`row`: claimed, opened or joined);
 * 2. refuses a connection that cannot be reached (a status the run does not work on, `worksOn`, live by
 *    default; no sign-in; no provider configured): a claimed row is recorded failed with `notReady`'s class and
 *    message, nothing is opened, a joined row is left to its job;
 * 3. with `showSyncing`, shows the connection `syncing` while it runs;
 * 4. builds the calendar client with the run's request counter; every request is a sign of life for the
 *    sweep (`heartbeat_at`, at most once a minute), so a long loop of pages or `$batch`es never looks dead;
 * 5. runs the body, then records the run with the one policy (record-run-end.ts): succeeded unless the body
 *    finished it; a fenced run cancelled; a refused grant to handleRefusedGrant; a transient failure failed
 *    with its `retryAt` and rethrown for the job layer (inngest/functions/graph-retry.ts), as is any other
 *    error. A joined row is not ended: its counts and requests are added, and an error is rethrown.
 */
export async function runConnection<C extends RunConnection, T>(
  ctx: ServiceContext,
  run: {
    connectionId: string;
    kind: SyncKind;
    row: RunRow;
    read: (db: DbOrTx, connectionId: string) => Promise<C | null>;
    worksOn?: (status: ConnectionStatus) => boolean;
    notReady?: (reason: string) => { errorClass: string; errorMessage: string };
    showSyncing?: boolean;
    body: (run: ConnectionRun<C>) => Promise<T>;
  },
): Promise<ConnectionRunResult<T>> {
  const { connectionId, row } = run;
  const connection = await run.read(ctx.db, connectionId);
  if (!connection) return { outcome: "skipped", reason: "no such connection" };
  const unreachable = whyUnreachable(ctx, connection, run.worksOn ?? isLive);
  if (unreachable && !("claim" in row)) return { outcome: "skipped", ...unreachable };

  const taken = await takeRow(ctx, run.kind, connection.id, row);
  if (!taken) return { outcome: "skipped", reason: "the run is already running or finished" };
  const { runId, trigger, written } = taken;
  const rowWritten = written.then(() => {});
  rowWritten.catch(() => {}); // the skeleton awaits `written` itself before it ends the run
  if (unreachable) {
    const ending = run.notReady?.(unreachable.reason) ?? { errorClass: "NotReady", errorMessage: unreachable.reason };
    await finishRun(ctx.db, runId, { status: "failed", counts: {}, graphRequests: 0, ...ending }, ctx.now());
    return { outcome: "skipped", ...unreachable };
  }

  const counter = new GraphRequestCounter();
  const counts: SyncCounts = {};
  let recordedRequests = 0;
  const addCounts = async (db: DbOrTx, add: SyncCounts) => {
    await written;
    const requests = counter.requests - recordedRequests;
    recordedRequests = counter.requests;
    return addRunCounts(db, runId, { counts: add, graphRequests: requests, now: ctx.now() });
  };
  /** A joined row's step ends: what it has not added yet. */
  const flush = async () => {
    if (Object.keys(counts).length || counter.requests > recordedRequests) await addCounts(ctx.db, counts);
  };
  const startedSyncing =
    run.showSyncing === true &&
    connection.status === "connected" &&
    (await transitionConnection({
      ctx,
      where: { connectionId },
      event: { type: "sync_started" },
      from: "connected",
    })) !== null;
  let finished = false;
  try {
    const clients = connectionClients(ctx, connection, { counter, onRequest: heartbeat(ctx, runId) })!;
    const value = await run.body({
      runId,
      trigger,
      connection,
      client: clients.calendar(),
      subscriptions: clients.subscriptions,
      counts,
      rowWritten,
      addCounts,
      finish: async (db, ending) => {
        await written;
        await finishRun(db, runId, { ...ending, graphRequests: counter.requests }, ctx.now());
        finished = true;
      },
    });
    await written;
    if ("join" in row) await flush();
    else if (!finished)
      await finishRun(ctx.db, runId, { status: "succeeded", counts, graphRequests: counter.requests }, ctx.now());
    return { outcome: "done", value };
  } catch (error) {
    if ("join" in row) {
      await flush().catch(() => {}); // the error below is what the job needs to see
      throw error;
    }
    await written; // a row that could not be written: its error is the one thrown
    const { ending, refusal } = await recordRunEnd(ctx, {
      runId,
      instructorId: connection.instructorId,
      trigger,
      counts,
      graphRequests: counter.requests,
      error,
    });
    if (ending.status === "cancelled") return { outcome: "cancelled", reason: ending.errorMessage ?? "cancelled" };
    if (refusal) return { outcome: "refused", action: refusal };
    throw error;
  } finally {
    if (startedSyncing)
      await transitionConnection({
        ctx,
        where: { connectionId },
        event: { type: "sync_finished" },
        from: "syncing",
      }).catch((error: unknown) => {
        // Moved on meanwhile (Reconnect needed, a disconnect): that status stands.
        if (!(error instanceof InvalidConnectionTransitionError)) throw error;
      });
  }
}

/**
 * Claims, opens or joins the run's row; null when it is not this run's to take (another attempt has it, or it
 * ended). An opened row is written beside the body's start, not before it (`written`): on the way from a saved
 * booking to Outlook nothing is written ahead of the first Graph request.
 */
async function takeRow(
  ctx: ServiceContext,
  kind: SyncKind,
  connectionId: string,
  row: RunRow,
): Promise<{ runId: string; trigger: SyncTrigger; written: Promise<unknown> } | null> {
  const now = ctx.now();
  if ("open" in row) {
    const runId = randomUUID();
    const written = openRun(ctx.db, { id: runId, connectionId, kind, trigger: row.open, now, running: true });
    written.catch(() => {}); // awaited before anything refers to the row; a failure is thrown there
    return { runId, trigger: row.open, written };
  }
  const runId = "claim" in row ? row.claim : row.join;
  // A joined row is taken as it is (only marked alive): the run's own status gate (`worksOn`) decides
  // whether its step works, and its job ends the row.
  const claimed = await claimRun(ctx.db, {
    runId,
    connectionId,
    kind,
    from: "claim" in row ? row.from : syncRunStatus.enumValues,
    now,
    ...("join" in row && { resume: true }),
  });
  return claimed && { runId, trigger: claimed.trigger, written: Promise.resolve() };
}

/** Why the connection's calendar cannot be reached now; null when it can. */
function whyUnreachable(
  ctx: ServiceContext,
  connection: RunConnection,
  worksOn: (status: ConnectionStatus) => boolean,
): { reason: string; signedOut?: boolean } | null {
  if (!worksOn(connection.status)) return { reason: `the connection is ${connection.status}` };
  if (!connectionClients(ctx, connection))
    return {
      reason: ctx.graph ? "no Microsoft sign-in is stored for this connection" : "no Microsoft app is configured",
      signedOut: true,
    };
  return null;
}

/**
 * A sign of life on Graph activity, written at most once a minute (HEARTBEAT_EVERY_MS) and never awaited by
 * the request: a failed write only costs the sweep's patience, so it is logged and dropped.
 */
function heartbeat(ctx: ServiceContext, runId: string): () => void {
  let last: Date | null = ctx.now();
  return () => {
    const now = ctx.now();
    if (!heartbeatDue(last, now)) return;
    last = now;
    touchRun(ctx.db, runId, now).catch((error: unknown) => {
      console.warn(`[sync] run ${runId}: heartbeat not written:`, (error as Error).message);
    });
  };
}

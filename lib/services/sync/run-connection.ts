import { claimRun, finishRun, touchRun, type RunEnding } from "@/db/queries/sync-runs";
import type { SyncKind, SyncRunStatus, SyncTrigger } from "@/db/schema/sync-runs";
import type { DbOrTx } from "@/db/types";
import type { ServiceContext } from "@/lib/context/service-context";
import type { GraphCalendarClient } from "@/lib/graph/calendar-client";
import { GraphRequestCounter } from "@/lib/graph/request-counter";
import { InvalidConnectionTransitionError, isLive, type ConnectionStatus } from "@/lib/sync/connection-state";
import type { RefusedGrantAction } from "@/lib/sync/refused-grant";
import { heartbeatDue } from "@/lib/sync/run-liveness";
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

/** What the body of a run is given. */
export type ConnectionRun<C extends RunConnection> = {
  runId: string;
  trigger: SyncTrigger;
  connection: C;
  /** The connection's calendar client, counting its requests into the run's `graph_requests`. */
  client: GraphCalendarClient;
  /** Ends the run the body's own way (in the body's transaction); the skeleton then records nothing more. */
  finish: (db: DbOrTx, ending: Omit<RunEnding, "graphRequests">) => Promise<void>;
};

export type ConnectionRunResult<T> =
  | { outcome: "done"; value: T }
  /** Nothing ran: no such connection, the run was not claimable, or the connection cannot be reached. */
  | { outcome: "skipped"; reason: string }
  /** A removal began meanwhile (ConnectionFencedError): recorded cancelled, not retried. */
  | { outcome: "cancelled"; reason: string }
  /** Microsoft refused the grant: recorded failed, and handleRefusedGrant did `action`. */
  | { outcome: "refused"; action: RefusedGrantAction };

/**
 * The skeleton of one run of one connection (docs/decisions/0005-connection-run-skeleton.md), so a
 * capability writes only its body:
 * 1. reads the connection once (`read`: the capability's own query, at least RunConnection) and claims the
 *    run (`sync_runs`, from one of `claimFrom`);
 * 2. refuses a connection that cannot be reached (not live, no sign-in, no provider configured): the run is
 *    recorded failed with `notReady`'s class and message;
 * 3. with `showSyncing`, shows the connection `syncing` while it runs;
 * 4. builds the calendar client with the run's request counter; every request is a sign of life for the
 *    sweep (`heartbeat_at`, at most once a minute), so a long loop of pages or `$batch`es never looks dead;
 * 5. runs the body, then records the run with the one policy (record-run-end.ts): succeeded unless the body
 *    finished it; a fenced run cancelled; a refused grant to handleRefusedGrant; a transient Graph failure
 *    failed with its `retryAt` and rethrown for the job layer (inngest/functions/graph-retry.ts), as is
 *    any other error.
 */
export async function runConnection<C extends RunConnection, T>(
  ctx: ServiceContext,
  run: {
    connectionId: string;
    runId: string;
    kind: SyncKind;
    claimFrom: SyncRunStatus[];
    read: (db: DbOrTx, connectionId: string) => Promise<C | null>;
    notReady: (reason: string) => { errorClass: string; errorMessage: string };
    showSyncing?: boolean;
    body: (run: ConnectionRun<C>) => Promise<T>;
  },
): Promise<ConnectionRunResult<T>> {
  const { connectionId, runId } = run;
  const connection = await run.read(ctx.db, connectionId);
  if (!connection) return { outcome: "skipped", reason: "no such connection" };
  const claimed = await claimRun(ctx.db, {
    runId,
    connectionId,
    kind: run.kind,
    from: run.claimFrom,
    now: ctx.now(),
  });
  if (!claimed) return { outcome: "skipped", reason: "the run is already running or finished" };
  const counter = new GraphRequestCounter();

  const unreachable = whyUnreachable(ctx, connection);
  if (unreachable) {
    const ending = run.notReady(unreachable);
    await finishRun(ctx.db, runId, { status: "failed", counts: {}, graphRequests: 0, ...ending }, ctx.now());
    return { outcome: "skipped", reason: unreachable };
  }

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
    const client = openCalendarClient(ctx, connection, counter, heartbeat(ctx, runId));
    const value = await run.body({
      runId,
      trigger: claimed.trigger,
      connection,
      client,
      finish: async (db, ending) => {
        await finishRun(db, runId, { ...ending, graphRequests: counter.requests }, ctx.now());
        finished = true;
      },
    });
    if (!finished) await finishRun(ctx.db, runId, { status: "succeeded", graphRequests: counter.requests }, ctx.now());
    return { outcome: "done", value };
  } catch (error) {
    const { ending, refusal } = await recordRunEnd(ctx, {
      runId,
      instructorId: connection.instructorId,
      trigger: claimed.trigger,
      counts: {},
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

/** Why the connection's calendar cannot be reached now; null when it can. */
function whyUnreachable(ctx: ServiceContext, connection: RunConnection): string | null {
  if (!ctx.graph) return "no Microsoft app is configured";
  if (!isLive(connection.status) || !connection.homeAccountId) return `the connection is ${connection.status}`;
  return null;
}

/**
 * The connection's calendar client: the one place a run meets its provider (today Microsoft Graph; a second
 * provider branches here on the connection). `onRequest` sees every request the client sends.
 */
function openCalendarClient(
  ctx: ServiceContext,
  connection: RunConnection,
  counter: GraphRequestCounter,
  onRequest: () => void,
): GraphCalendarClient {
  return ctx.graph!.forConnection(
    { id: connection.id, homeAccountId: connection.homeAccountId! },
    { counter, onRequest },
  );
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

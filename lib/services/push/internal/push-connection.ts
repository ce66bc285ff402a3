import { randomUUID } from "node:crypto";
import type { SyncCounts, SyncTrigger } from "@/db/schema/sync-runs";
import { claimPushEntry, releasePushEntry } from "@/db/queries/push-entry-lease";
import type { GraphCalendarClient } from "@/lib/graph/calendar-client";
import { GraphRequestCounter } from "@/lib/graph/request-counter";
import { MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";
import { ConnectionFencedError } from "@/lib/sync/connection-fence";
import type { ConnectionStatus } from "@/lib/sync/connection-state";
import { SYNC_KEY_PROPERTY_ID, syncKeyOf, syncKeyValueOf } from "@/lib/sync/extended-property";
import { planPushes, recordAfter, type PushCandidate, type RecordedEntry } from "@/lib/sync/plan-pushes";
import { transactionIdFor } from "@/lib/sync/push-content";
import type { ServiceContext } from "@/lib/context/service-context";
import { logConnectionEvent } from "../../internal/log-connection-event";
import { recordRunEnd } from "../../sync/record-run-end";
import { actInOutlook, type OutlookOperation } from "./act-in-outlook";
import { applyRecordChange, recordedEntryOf } from "./push-entry-records";
import { recordPushHistory, type PushHistoryLine } from "../../internal/record-push-history";
import { openRun } from "@/db/queries/sync-runs";
import { withdrawFencedEntries } from "./withdraw-fenced-entries";

/** Long enough for a run's batches with their retries; a crashed holder's entries are taken over after it. */
export const LEASE_MS = 5 * 60_000;

export type PushConnection = {
  id: string;
  instructorId: string;
  homeAccountId: string | null;
  status: ConnectionStatus;
  /** The removal fence as the push read it (lib/sync/connection-fence.ts): its claims and records check it. */
  generation: number;
};

export type ConnectionPushResult = {
  connectionId: string;
  counts: SyncCounts;
  graphRequests: number;
  /** Entries another push held the lease of: left to it (the job runs again for them). */
  busy: number;
  /** Why the run failed; transient Graph errors carry `retryAfterMs` for the job layer. */
  error: Error | null;
};

export type ConnectionPush = ReturnType<typeof openConnectionPush>;

/**
 * One connection's share of a convergence, recorded as one `sync_runs` row. `claimAndAct` claims
 * each entry's lease and plans it again from the claimed row (another push may have just converged
 * it); `act` takes operations whose leases `holder` already holds (a job taking up what its saving
 * transaction prepared). Both act in Outlook in `$batch`es, record each outcome and give the lease
 * back; an update that finds the entry gone (the instructor deleted it) is re-created at once under
 * a new generation and logged. After a failure nothing more is sent (`failed`); `finish` closes the
 * run. A refused grant goes to handleRefusedGrant: Reconnect needed (its entries keep their desired state), or
 * Removal when the instructor removed the app.
 *
 * Fenced (lib/sync/connection-fence.ts): a claim made after a removal of the connection began throws
 * ConnectionFencedError, and an entry whose create lands after it is recorded, deleted at once
 * (withdraw-fenced-entries.ts) and its lease kept until the run closes, so the removal's sweep, which
 * waits for our leases, runs after all of it. The run then sends nothing more and ends cancelled.
 */
export function openConnectionPush(
  ctx: ServiceContext,
  connection: PushConnection,
  trigger: SyncTrigger,
  { holder = `push:${randomUUID()}` }: { holder?: string } = {},
) {
  // The run's row is written once Outlook has answered (nothing is written ahead of the first
  // request, on the way from a saved booking to Outlook), and is complete before the run is closed.
  let runStarted: Promise<string> | undefined;
  const startRun = () => {
    runStarted ??= openRun(ctx.db, {
      connectionId: connection.id,
      kind: "push",
      trigger,
      now: ctx.now(),
      running: true,
    });
    runStarted.catch(() => {}); // awaited when the run is closed; a failure is thrown there
    return runStarted;
  };
  const counts = { created: 0, updated: 0, deleted: 0, recovered: 0, recreated: 0, failed: 0, busy: 0, unchanged: 0 };
  const counter = new GraphRequestCounter();
  /** Leases held and not yet given back with a recorded outcome. */
  const held = new Map<string, OutlookOperation>();
  let client: GraphCalendarClient | undefined;
  let error: Error | null = null;

  const clientOf = () => {
    if (!ctx.graph || !connection.homeAccountId)
      throw new ReconnectRequiredError("The connection has no Microsoft sign-in to push with");
    return (client ??= ctx.graph.forConnection(
      { id: connection.id, homeAccountId: connection.homeAccountId },
      { counter },
    ));
  };

  async function sendAndRecord(pending: OutlookOperation[]) {
    if (!pending.length) return;
    const graph = clientOf();
    const errors: Error[] = [];
    // The first push after a connect: entries of an earlier connection may still be in the mailbox
    // (a removal that could not delete them, or a reconnect); the new records know nothing of them,
    // so the mailbox is searched once and its tagged entries adopted instead of created again.
    const mailbox =
      trigger === "connect" && pending.some((op) => op.kind === "create") ? await taggedEntries(graph) : undefined;
    // Entries created after a removal began (their records say so), deleted again at once.
    const fencedIds: string[] = [];
    // A second pass only for entries found gone in Outlook, re-created under their new generation.
    for (let pass = 0; pass < 2 && pending.length && !fencedIds.length; pass++) {
      const acted = await actInOutlook(graph, pending, pass === 0 ? mailbox : undefined);
      void startRun();
      errors.push(...acted.errors);
      const next: OutlookOperation[] = [];
      const history: PushHistoryLine[] = [];
      for (const [op, outcome] of acted.outcomes) {
        const change = recordAfter(op, outcome, ctx.now());
        const gone = outcome.kind === "not_found" && op.kind !== "delete";
        const recreate = gone && pass === 0 && change.kind === "write" ? recreated(op, change.generation) : null;
        const { fenced } = await applyRecordChange(ctx, op, holder, change, { release: !recreate, fence: connection });
        if (fenced && change.kind === "write" && change.outlookEventId) fencedIds.push(change.outlookEventId);
        // A fenced entry keeps its lease until it is deleted: the removal waits for it.
        if (!recreate && !fenced) held.delete(key(op));
        history.push({
          assignmentId: op.assignmentId,
          sessionId: op.sessionId,
          eventId: op.eventId,
          instructorId: connection.instructorId,
          ...(outcome.kind === "failed"
            ? { action: "failed", error: outcome.error }
            : gone
              ? { action: "removed_in_outlook" }
              : op.kind === "delete"
                ? { action: "deleted" }
                : acted.recovered.has(op)
                  ? { action: "recovered" }
                  : op.kind === "create"
                    ? { action: pass > 0 ? "recreated" : "created" }
                    : { action: "updated" }),
        });
        if (outcome.kind === "failed") counts.failed++;
        else if (gone) {
          if (recreate) next.push(recreate);
          await logConnectionEvent(
            ctx,
            connection.instructorId,
            "push_entry_removed_in_outlook",
            "Training entry removed in Outlook by the instructor; created again",
          );
        } else if (op.kind === "delete") counts.deleted++;
        else if (acted.recovered.has(op)) counts.recovered++;
        else if (op.kind === "create") counts[pass > 0 ? "recreated" : "created"]++;
        else counts.updated++;
      }
      await recordPushHistory(ctx, { runId: await startRun(), trigger }, history);
      pending = next;
    }
    if (fencedIds.length) {
      await withdrawFencedEntries(graph, fencedIds);
      // The removal owns the connection now: nothing to retry.
      error = new ConnectionFencedError("Push");
      return;
    }
    error = errors.find((e) => e instanceof ReconnectRequiredError) ?? mostPatient(errors) ?? errors[0] ?? null;
  }

  /** Runs `work`, keeping what it throws as the run's error; nothing runs after a failure. */
  async function guarded(work: () => Promise<void>) {
    if (error) return;
    try {
      await work();
    } catch (thrown) {
      error = thrown instanceof Error ? thrown : new Error(String(thrown));
    }
  }

  return {
    holder,
    counts,
    /** True once something failed: the run sends nothing more, and the job layer retries it. */
    get failed() {
      return error !== null;
    },
    /** Operations whose leases `holder` already holds. */
    act: (operations: readonly OutlookOperation[]) =>
      guarded(async () => {
        for (const op of operations) held.set(key(op), op);
        await sendAndRecord([...operations]);
      }),
    /** Claims each operation's lease, plans it again from the row as it is now, and acts. */
    claimAndAct: (
      operations: readonly OutlookOperation[],
      candidates: ReadonlyMap<string, PushCandidate>,
      recorded: ReadonlyMap<string, RecordedEntry>,
    ) =>
      guarded(async () => {
        const pending: OutlookOperation[] = [];
        for (const op of operations) {
          const again = await claimAndReplan(ctx, connection, op, holder, candidates, recorded);
          if (again === "busy") counts.busy++;
          else if (!again) counts.unchanged++;
          else {
            held.set(key(op), op);
            pending.push(again);
          }
        }
        await sendAndRecord(pending);
      }),
    /** Gives back the leases still held, handles a refused grant, and closes the run's row. */
    async finish(): Promise<ConnectionPushResult> {
      for (const op of held.values()) await releasePushEntry(ctx.db, op, holder);
      held.clear();
      // A fenced run ends cancelled; a refused grant goes to the one rule, handleRefusedGrant.
      await recordRunEnd(ctx, {
        runId: await startRun(),
        instructorId: connection.instructorId,
        trigger,
        counts,
        graphRequests: counter.requests,
        error,
        handleRefusal: connection.homeAccountId !== null,
      });
      return { connectionId: connection.id, counts, graphRequests: counter.requests, busy: counts.busy, error };
    },
  };
}

const key = (op: OutlookOperation) => syncKeyOf(op.assignmentId, op.sessionId);

/** Takes the entry's lease and plans it again from the row as it is now: "busy", nothing left to do (null), or the operation. */
async function claimAndReplan(
  ctx: ServiceContext,
  connection: PushConnection,
  op: OutlookOperation,
  holder: string,
  candidates: ReadonlyMap<string, PushCandidate>,
  recorded: ReadonlyMap<string, RecordedEntry>,
): Promise<OutlookOperation | "busy" | null> {
  const candidate = candidates.get(key(op));
  const row = await claimPushEntry(
    ctx.db,
    {
      assignmentId: op.assignmentId,
      sessionId: op.sessionId,
      eventId: (candidate ?? recorded.get(key(op)))!.eventId,
      instructorId: connection.instructorId,
      connectionId: connection.id,
    },
    holder,
    ctx.now(),
    LEASE_MS,
    connection,
  );
  if (!row) return "busy";
  const [again] = planPushes(candidate ? [candidate] : [], [recordedEntryOf(row, connection.status)]);
  if (!again || again.kind === "wait" || again.kind === "forget") {
    await releasePushEntry(ctx.db, op, holder);
    return null;
  }
  // The row was born with our lease: nobody sent anything for this entry before, nothing to search for.
  if (again.kind === "create" && row.firstClaim) return { ...again, searchFirst: false };
  return again;
}

/**
 * The create that puts back an entry found gone in Outlook: its content under the new generation
 * (so a new `transactionId`), searching first as for any entry with a record (what planPushes
 * plans for the record recordAfter left).
 */
function recreated(op: OutlookOperation, generation: number): OutlookOperation | null {
  if (op.kind === "delete") return null;
  return {
    kind: "create",
    assignmentId: op.assignmentId,
    sessionId: op.sessionId,
    eventId: op.eventId,
    instructorId: op.instructorId,
    connectionId: op.connectionId,
    generation,
    searchFirst: true,
    transactionId: transactionIdFor(op.assignmentId, op.sessionId, generation, op.entryId),
    ...(op.entryId && { entryId: op.entryId }),
    content: op.content,
    contentHash: op.contentHash,
  };
}

/** Our tagged entries in the mailbox by sync key: one search of the whole mailbox. */
async function taggedEntries(client: GraphCalendarClient): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  for (const event of await client.findEventsWithExtendedProperty(SYNC_KEY_PROPERTY_ID, { withValue: true })) {
    const key = syncKeyValueOf(event);
    if (key && event.id) byKey.set(key, [...(byKey.get(key) ?? []), event.id]);
  }
  return byKey;
}

/** Of transient failures, the one asking for the longest wait: retrying sooner would be throttled again. */
function mostPatient(errors: Error[]): Error | undefined {
  return errors
    .filter((e): e is MicrosoftUnavailableError => e instanceof MicrosoftUnavailableError)
    .sort((a, b) => (b.retryAfterMs ?? 0) - (a.retryAfterMs ?? 0))[0];
}

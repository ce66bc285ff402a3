import { randomUUID } from "node:crypto";
import type { SyncCounts, SyncTrigger } from "@/db/schema/sync-runs";
import { claimPushEntry, releasePushEntry } from "@/db/queries/push-entry-lease";
import type { GraphCalendarClient } from "@/lib/graph/calendar-client";
import { GraphRequestCounter } from "@/lib/graph/request-counter";
import { MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";
import type { ConnectionStatus } from "@/lib/sync/connection-state";
import { SYNC_KEY_PROPERTY_ID, syncKeyOf, syncKeyValueOf } from "@/lib/sync/extended-property";
import { planPushes, recordAfter, type PushCandidate, type RecordedEntry } from "@/lib/sync/plan-pushes";
import type { ServiceContext } from "@/lib/context/service-context";
import { logConnectionEvent } from "../../internal/log-connection-event";
import { markReconnectNeeded } from "../../microsoft/mark-reconnect-needed";
import { actInOutlook, type OutlookOperation } from "./act-in-outlook";
import { applyRecordChange, recordedEntryOf } from "./push-entry-records";
import { recordPushHistory, type PushHistoryLine } from "../../internal/record-push-history";
import { finishPushRun, startPushRun } from "./push-run";

/** Long enough for a run's batches with their retries; a crashed holder's entries are taken over after it. */
const LEASE_MS = 5 * 60_000;

export type PushConnection = {
  id: string;
  instructorId: string;
  homeAccountId: string | null;
  status: ConnectionStatus;
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

/**
 * One connection's share of a convergence, recorded as one `sync_runs` row: claim each entry's
 * lease, plan it again from the claimed row (another push may have just converged it), act in
 * Outlook in `$batch`es, record each outcome and give the lease back. An update that finds the
 * entry gone (the instructor deleted it) is re-created at once under a new generation and logged.
 * A refused grant turns the connection Reconnect needed; its entries keep their desired state.
 */
export async function pushConnection(
  ctx: ServiceContext,
  {
    connection,
    operations,
    candidates,
    recorded,
    trigger,
    unchanged,
  }: {
    connection: PushConnection;
    operations: OutlookOperation[];
    candidates: ReadonlyMap<string, PushCandidate>;
    recorded: ReadonlyMap<string, RecordedEntry>;
    trigger: SyncTrigger;
    unchanged: number;
  },
): Promise<ConnectionPushResult> {
  // The run's row is written once the leases are held, while Outlook is written to (not ahead of
  // them on the way from a saved booking to Outlook), and is complete before the run is closed.
  let runStarted: Promise<string> | undefined;
  const startRun = () => {
    runStarted ??= startPushRun(ctx, connection.id, trigger);
    runStarted.catch(() => {}); // awaited when the run is closed; a failure is thrown there
    return runStarted;
  };
  const counts = { created: 0, updated: 0, deleted: 0, recovered: 0, recreated: 0, failed: 0, busy: 0, unchanged };
  const counter = new GraphRequestCounter();
  const holder = `push:${randomUUID()}`;
  const leased: OutlookOperation[] = [];
  let error: Error | null = null;
  try {
    let pending: OutlookOperation[] = [];
    for (const op of operations) {
      const again = await claimAndReplan(ctx, connection, op, holder, candidates, recorded);
      if (again === "busy") counts.busy++;
      else if (!again) counts.unchanged++;
      else {
        leased.push(op);
        pending.push(again);
      }
    }
    void startRun();
    if (pending.length && (!ctx.graph || !connection.homeAccountId))
      throw new ReconnectRequiredError("The connection has no Microsoft sign-in to push with");
    const homeAccountId = connection.homeAccountId!;
    const client = pending.length ? ctx.graph!.forConnection({ id: connection.id, homeAccountId }, { counter }) : null;
    const errors: Error[] = [];
    // The first push after a connect: entries of an earlier connection may still be in the mailbox
    // (a removal that could not delete them, or a reconnect); the new records know nothing of them,
    // so the mailbox is searched once and its tagged entries adopted instead of created again.
    const mailbox =
      trigger === "connect" && pending.some((op) => op.kind === "create") ? await taggedEntries(client!) : undefined;
    // A second pass only for entries found gone in Outlook, re-created under their new generation.
    for (let pass = 0; pass < 2 && pending.length; pass++) {
      const acted = await actInOutlook(client!, pending, pass === 0 ? mailbox : undefined);
      errors.push(...acted.errors);
      const next: OutlookOperation[] = [];
      const history: PushHistoryLine[] = [];
      for (const [op, outcome] of acted.outcomes) {
        const change = recordAfter(op, outcome, ctx.now());
        const gone = outcome.kind === "not_found" && op.kind !== "delete";
        await applyRecordChange(ctx, op, holder, change, { release: !gone || pass > 0 });
        const line = historyLineOf(op, connection, candidates, recorded);
        history.push({
          ...line,
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
          const [recreate] = change.kind === "write" ? replan(op, change, connection, candidates) : [];
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
    error = errors.find((e) => e instanceof ReconnectRequiredError) ?? mostPatient(errors) ?? errors[0] ?? null;
  } catch (thrown) {
    error = thrown instanceof Error ? thrown : new Error(String(thrown));
  } finally {
    for (const op of leased) await releasePushEntry(ctx.db, op, holder);
  }
  if (error instanceof ReconnectRequiredError && connection.homeAccountId)
    await markReconnectNeeded({ ctx, instructorId: connection.instructorId, reason: error.message });
  await finishPushRun(ctx, await startRun(), { counts, graphRequests: counter.requests, error });
  return { connectionId: connection.id, counts, graphRequests: counter.requests, busy: counts.busy, error };
}

type Candidates = ReadonlyMap<string, PushCandidate>;

/** Takes the entry's lease and plans it again from the row as it is now: "busy", nothing left to do (null), or the operation. */
async function claimAndReplan(
  ctx: ServiceContext,
  connection: PushConnection,
  op: OutlookOperation,
  holder: string,
  candidates: Candidates,
  recorded: ReadonlyMap<string, RecordedEntry>,
): Promise<OutlookOperation | "busy" | null> {
  const key = syncKeyOf(op.assignmentId, op.sessionId);
  const candidate = candidates.get(key);
  const row = await claimPushEntry(
    ctx.db,
    {
      assignmentId: op.assignmentId,
      sessionId: op.sessionId,
      eventId: (candidate ?? recorded.get(key))!.eventId,
      instructorId: connection.instructorId,
      connectionId: connection.id,
    },
    holder,
    ctx.now(),
    LEASE_MS,
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

function replan(
  op: OutlookOperation,
  change: Extract<ReturnType<typeof recordAfter>, { kind: "write" }>,
  connection: PushConnection,
  candidates: Candidates,
): OutlookOperation[] {
  const candidate = candidates.get(syncKeyOf(op.assignmentId, op.sessionId));
  if (!candidate) return [];
  const record: RecordedEntry = {
    assignmentId: op.assignmentId,
    sessionId: op.sessionId,
    eventId: candidate.eventId,
    instructorId: connection.instructorId,
    connectionId: connection.id,
    connectionStatus: connection.status,
    outlookEventId: change.outlookEventId,
    contentHash: change.contentHash,
    status: change.status,
    generation: change.generation,
  };
  return planPushes([candidate], [record]).filter((o): o is OutlookOperation => o.kind === "create");
}

/** Which event and instructor an operation's entry belongs to, for its push-history line. */
function historyLineOf(
  op: OutlookOperation,
  connection: PushConnection,
  candidates: Candidates,
  recorded: ReadonlyMap<string, RecordedEntry>,
): Omit<PushHistoryLine, "action"> {
  const key = syncKeyOf(op.assignmentId, op.sessionId);
  const eventId = op.kind === "delete" ? (recorded.get(key) ?? candidates.get(key))!.eventId : op.eventId;
  return { assignmentId: op.assignmentId, sessionId: op.sessionId, eventId, instructorId: connection.instructorId };
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

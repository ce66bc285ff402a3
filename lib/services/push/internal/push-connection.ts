import { claimPushEntry, releasePushEntry } from "@/db/queries/push-entry-lease";
import type { PushDesiredState } from "@/db/queries/push-desired-state";
import type { SyncCounts } from "@/db/schema/sync-runs";
import type { ServiceContext } from "@/lib/context/service-context";
import { MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";
import type { GraphCalendarClient } from "@/lib/graph/calendar-client";
import { ConnectionFencedError } from "@/lib/sync/connection-fence";
import { SYNC_KEY_PROPERTY_ID, syncKeyOf, syncKeyValueOf } from "@/lib/sync/extended-property";
import { planPushes, recordAfter, type PushCandidate, type RecordedEntry } from "@/lib/sync/plan-pushes";
import { transactionIdFor } from "@/lib/sync/push-content";
import { logConnectionEvent } from "../../internal/log-connection-event";
import type { PushHistoryLine } from "../../internal/record-push-history";
import { runEndingOf } from "../../sync/internal/run-ending";
import type { ConnectionRun, RunConnection } from "../../sync/run-connection";
import { actInOutlook, type OutlookOperation } from "./act-in-outlook";
import { forgetEntry, recordedEntryOf, recordOutcomes, type OutcomeRecord } from "./push-entry-records";
import { withdrawFencedEntries } from "./withdraw-fenced-entries";

/** Long enough for a run's batches with their retries; a crashed holder's entries are taken over after it. */
export const LEASE_MS = 5 * 60_000;

/** What a push reads before it talks to Graph: the connection (with the fence) and its entries' desired and recorded state. */
export type PushTarget = RunConnection & { desired: PushDesiredState };

export type ConnectionPushResult = {
  connectionId: string;
  counts: SyncCounts;
  graphRequests: number;
  /** Entries another push held the lease of: left to it (the job runs again for them). */
  busy: number;
  /** Why the run failed, when it failed on an entry Graph refused for good (the run is recorded failed). */
  error: Error | null;
};

/**
 * The push's body inside the run skeleton (lib/services/sync/run-connection.ts): the state was read once
 * with the connection (`desired`: the instructor's entries in scope); planned here by lib/sync (planPushes);
 * then each entry to act on is claimed (its lease, fenced) and planned again from the claimed row (another
 * push may have just converged it); the operations go to Outlook in `$batch`es, and what each pass left is
 * recorded, with its push history, in one fenced transaction (push-entry-records.ts `recordOutcomes`). An
 * update that finds the entry gone (the instructor deleted it) is re-created at once under a new generation
 * and logged. Leases still held are given back before the skeleton records the run.
 *
 * A refused grant, throttling or an outage is thrown for the skeleton's one ending policy (Reconnect needed
 * or Removal; failed with `retryAt` and retried); an entry Graph refused for good fails the run (recorded)
 * without a retry: the hourly cycle tries it again. Fenced (lib/sync/connection-fence.ts): a claim made after
 * a removal began throws ConnectionFencedError (the run is cancelled); an entry whose create lands after it
 * is recorded, deleted at once (withdraw-fenced-entries.ts) and its lease kept until the run closes, so the
 * removal's sweep, which waits for our leases, runs after all of it.
 */
export async function pushInRun(
  ctx: ServiceContext,
  run: ConnectionRun<PushTarget>,
  holder: string,
): Promise<ConnectionPushResult> {
  const { connection, client } = run;
  const counts = run.counts;
  Object.assign(counts, { created: 0, updated: 0, deleted: 0, recovered: 0, recreated: 0, failed: 0, busy: 0 });
  counts.unchanged = 0;

  // Decide: the instructor's entries only (the event's other instructors have pushes of their own).
  const candidates = connection.desired.candidates.filter((c) => c.instructorId === connection.instructorId);
  const recorded = connection.desired.recorded.filter((r) => r.instructorId === connection.instructorId);
  const candidatesByKey = new Map(candidates.map((c) => [key(c), c]));
  const recordedByKey = new Map(recorded.map((r) => [key(r), r]));
  const operations: OutlookOperation[] = [];
  for (const op of planPushes(candidates, recorded)) {
    if (op.kind === "forget") await forgetEntry(ctx, op);
    else if (op.kind !== "wait" && op.connectionId === connection.id) operations.push(op);
  }
  const touched = new Set(operations.filter((op) => op.kind !== "delete").map(key));
  counts.unchanged += candidates.filter(
    (c) => c.connection?.id === connection.id && c.eventLifecycle === "active" && !touched.has(key(c)),
  ).length;

  /** Leases held and not yet given back with a recorded outcome. */
  const held = new Map<string, OutlookOperation>();
  let error: Error | null = null;
  try {
    const pending: OutlookOperation[] = [];
    for (const op of operations) {
      const again = await claimAndReplan(ctx, connection, op, holder, candidatesByKey, recordedByKey);
      if (again === "busy") counts.busy!++;
      else if (!again) counts.unchanged!++;
      else {
        held.set(key(op), op);
        pending.push(again);
      }
    }
    error = await sendAndRecord(ctx, { run, holder, held }, pending);
  } finally {
    for (const op of held.values()) await releasePushEntry(ctx.db, op, holder);
  }
  // A refused grant, a transient failure or the fence: the skeleton's policy ends the run.
  if (error instanceof ReconnectRequiredError || error instanceof MicrosoftUnavailableError) throw error;
  if (error instanceof ConnectionFencedError) throw error;
  if (error) await run.finish(ctx.db, { ...runEndingOf(error, ctx.now()), counts });
  return {
    connectionId: connection.id,
    counts,
    graphRequests: client.requestCount,
    busy: counts.busy!,
    error,
  };
}

/** Acts in Outlook and records each pass; returns the error that should end the run (null: none). */
async function sendAndRecord(
  ctx: ServiceContext,
  { run, holder, held }: { run: ConnectionRun<PushTarget>; holder: string; held: Map<string, OutlookOperation> },
  pending: OutlookOperation[],
): Promise<Error | null> {
  if (!pending.length) return null;
  const { connection, client: graph, counts } = run;
  const errors: Error[] = [];
  // The first push after a connect: entries of an earlier connection may still be in the mailbox
  // (a removal that could not delete them, or a reconnect); the new records know nothing of them,
  // so the mailbox is searched once and its tagged entries adopted instead of created again.
  const mailbox =
    run.trigger === "connect" && pending.some((op) => op.kind === "create") ? await taggedEntries(graph) : undefined;
  // Entries created after a removal began (their records say so), deleted again at once.
  const fencedIds: string[] = [];
  // A second pass only for entries found gone in Outlook, re-created under their new generation.
  for (let pass = 0; pass < 2 && pending.length && !fencedIds.length; pass++) {
    const acted = await actInOutlook(graph, pending, pass === 0 ? mailbox : undefined);
    errors.push(...acted.errors);
    const next: OutlookOperation[] = [];
    const records: OutcomeRecord[] = [];
    const lines: PushHistoryLine[] = [];
    let removedInOutlook = 0;
    for (const [op, outcome] of acted.outcomes) {
      const change = recordAfter(op, outcome, ctx.now());
      const gone = outcome.kind === "not_found" && op.kind !== "delete";
      const recreate = gone && pass === 0 && change.kind === "write" ? recreated(op, change.generation) : null;
      records.push({ op, change, release: !recreate });
      lines.push({
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
      if (outcome.kind === "failed") counts.failed!++;
      else if (gone) {
        if (recreate) next.push(recreate);
        removedInOutlook++;
      } else if (op.kind === "delete") counts.deleted!++;
      else if (acted.recovered.has(op)) counts.recovered!++;
      else if (op.kind === "create") counts[pass > 0 ? "recreated" : "created"]!++;
      else counts.updated!++;
    }
    await run.rowWritten; // the history below refers to the run
    const recordedPass = await recordOutcomes(ctx, {
      holder,
      fence: { connectionId: connection.id, generation: connection.generation },
      records,
      history: { run: { runId: run.runId, trigger: run.trigger }, lines },
    });
    fencedIds.push(...recordedPass.fencedIds);
    // Given back with their records, except a fenced new entry's (kept until the run closes) and a re-create's.
    for (const record of records)
      if (record.release && !recordedPass.fencedIds.includes(outlookIdOf(record) ?? "")) held.delete(key(record.op));
    for (let i = 0; i < removedInOutlook; i++)
      await logConnectionEvent(
        ctx,
        connection.instructorId,
        "push_entry_removed_in_outlook",
        "Training entry removed in Outlook by the instructor; created again",
      );
    pending = next;
  }
  if (fencedIds.length) {
    await withdrawFencedEntries(graph, fencedIds);
    // The removal owns the connection now: nothing to retry.
    return new ConnectionFencedError("Push");
  }
  return errors.find((e) => e instanceof ReconnectRequiredError) ?? mostPatient(errors) ?? errors[0] ?? null;
}

const key = (op: { assignmentId: string; sessionId: string }) => syncKeyOf(op.assignmentId, op.sessionId);
const outlookIdOf = ({ change }: OutcomeRecord) => (change.kind === "write" ? change.outlookEventId : null);

/** Takes the entry's lease and plans it again from the row as it is now: "busy", nothing left to do (null), or the operation. */
async function claimAndReplan(
  ctx: ServiceContext,
  connection: PushTarget,
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

import type { ConnectionStatus } from "./connection-state";
import type { PushEntryStatus } from "./push-entry-status";
import { contentHash } from "./content-hash";
import { syncKeyOf, type SyncKey } from "./extended-property";
import type { OutlookVersion } from "./outlook-version";
import { buildPushContent, transactionIdFor, type PushContent, type PushContentInput } from "./push-content";

export { pushEntryStatuses, type PushEntryStatus } from "./push-entry-status";

export type EventLifecycle = "draft" | "active" | "cancelled";

/** An (assignment, session) that exists in the platform, whatever its event's state. */
export type PushCandidate = SyncKey & {
  eventId: string;
  instructorId: string;
  eventLifecycle: EventLifecycle;
  /** The instructor's calendar connection; null when they never connected. */
  connection: { id: string; status: ConnectionStatus } | null;
  content: PushContentInput;
};

/** A push_entries row as the planner needs it. */
export type RecordedEntry = SyncKey & {
  eventId: string;
  instructorId: string;
  connectionId: string;
  /** The connection's status now; null when the connection row is gone. */
  connectionStatus: ConnectionStatus | null;
  outlookEventId: string | null;
  /** Hash of the content Outlook was last confirmed to hold; null forces an update. */
  contentHash: string | null;
  status: PushEntryStatus;
  generation: number;
  /**
   * The row's own id: a new row for every life of the entry (a removal deletes it), so with the
   * generation it makes each creation's `transactionId` unique, never reused after a removal.
   */
  entryId?: string;
};

export type PushOperation =
  /**
   * Make the entry exist: when it may already be there (`searchFirst`), look for it by the extended
   * property first (a lost id is recovered); then POST with `transactionId` (a lost answer is not
   * duplicated).
   */
  | (SyncKey & {
      kind: "create";
      eventId: string;
      instructorId: string;
      connectionId: string;
      generation: number;
      /**
       * True when an earlier attempt may have reached Outlook: there is a record of this entry. The
       * push that creates the record with its lease (push-entry-lease.ts `firstClaim`) knows better
       * and clears it, so a first create costs one request, not a search and a POST.
       */
      searchFirst: boolean;
      transactionId: string;
      /** The record's row id when there is one (RecordedEntry.entryId). */
      entryId?: string;
      content: PushContent;
      contentHash: string;
    })
  | (SyncKey & {
      kind: "update";
      eventId: string;
      instructorId: string;
      connectionId: string;
      generation: number;
      outlookEventId: string;
      /** The record's row id (RecordedEntry.entryId), for the transactionId of a re-creation after a 404. */
      entryId?: string;
      content: PushContent;
      contentHash: string;
    })
  /** Remove it from Outlook; without an id, find it by the extended property (an ambiguous create may have landed). */
  | (SyncKey & {
      kind: "delete";
      eventId: string;
      connectionId: string;
      outlookEventId: string | null;
      generation: number;
    })
  /** The mailbox is out of reach for good (connection gone): drop the record, call nothing. */
  | (SyncKey & { kind: "forget" })
  /** Keep the record and its desired state; converge later (reconnect needed, or Removal owns the mailbox). */
  | (SyncKey & { kind: "wait"; reason: "reconnect_needed" | "disconnecting" });

const LIVE: ReadonlySet<ConnectionStatus | null> = new Set(["connected", "syncing"]);
const GONE: ReadonlySet<ConnectionStatus | null> = new Set([null, "disconnected", "disconnected_by_instructor"]);

export const FIRST_GENERATION = 1;

/**
 * Desired state against recorded state → what to do per (assignment, session). An entry is wanted
 * when its event is active and its instructor is connected; a draft, cancelled or deleted event and
 * an unassigned instructor want none. Entries already right are left out, so planning twice after
 * converging gives nothing to do.
 */
export function planPushes(candidates: readonly PushCandidate[], recorded: readonly RecordedEntry[]): PushOperation[] {
  const recordedByKey = new Map(recorded.map((r) => [keyOf(r), r]));
  const operations: PushOperation[] = [];
  const seen = new Set<string>();

  for (const candidate of candidates) {
    const key = keyOf(candidate);
    if (seen.has(key)) continue;
    seen.add(key);
    const record = recordedByKey.get(key);
    const status = candidate.connection?.status ?? null;
    if (candidate.eventLifecycle !== "active" || GONE.has(status)) {
      if (record) operations.push(removal(record));
      continue;
    }
    if (status === "reconnect_needed" || status === "disconnecting") {
      operations.push({ ...keyPart(candidate), kind: "wait", reason: status });
      continue;
    }
    if (!LIVE.has(status)) continue;
    const content = buildPushContent(candidate.content);
    const hash = contentHash(content);
    const common = {
      ...keyPart(candidate),
      eventId: candidate.eventId,
      instructorId: candidate.instructorId,
      connectionId: candidate.connection!.id,
      content,
      contentHash: hash,
    };
    if (!record?.outlookEventId) {
      const generation = record?.generation ?? FIRST_GENERATION;
      operations.push({
        ...common,
        kind: "create",
        generation,
        searchFirst: record !== undefined,
        ...(record?.entryId && { entryId: record.entryId }),
        transactionId: transactionIdFor(candidate.assignmentId, candidate.sessionId, generation, record?.entryId),
      });
    } else if (record.contentHash !== hash || record.status !== "in_outlook") {
      operations.push({
        ...common,
        kind: "update",
        generation: record.generation,
        outlookEventId: record.outlookEventId,
        ...(record.entryId && { entryId: record.entryId }),
      });
    }
  }

  for (const record of recorded) if (!seen.has(keyOf(record))) operations.push(removal(record));
  return operations;
}

/** What to do with a record nobody wants any more, by the state of its connection. */
function removal(record: RecordedEntry): PushOperation {
  const key = keyPart(record);
  if (GONE.has(record.connectionStatus)) return { ...key, kind: "forget" };
  if (record.connectionStatus === "reconnect_needed" || record.connectionStatus === "disconnecting") {
    return { ...key, kind: "wait", reason: record.connectionStatus };
  }
  return {
    ...key,
    kind: "delete",
    eventId: record.eventId,
    connectionId: record.connectionId,
    outlookEventId: record.outlookEventId,
    generation: record.generation,
  };
}

/** How a Graph call for an operation ended. */
export type PushOutcome =
  /** `version`: the entry as Outlook answered our create or update (what Pull later compares with). */
  | { kind: "ok"; outlookEventId?: string; version?: OutlookVersion }
  /** 404: the entry is not in Outlook (deleted by the instructor, or never there). */
  | { kind: "not_found" }
  | { kind: "failed"; error: string };

/** The record after an outcome: fields to write, or "remove" to delete the row. */
export type RecordChange =
  | { kind: "remove" }
  | {
      kind: "write";
      status: PushEntryStatus;
      outlookEventId: string | null;
      contentHash: string | null;
      generation: number;
      error: string | null;
      lastAttemptAt: Date;
      /** Outlook's version after our write; null when no write was confirmed (Pull compares nothing then). */
      outlookChangeKey: string | null;
      outlookModifiedAt: Date | null;
    };

/**
 * The record after a create, update or delete. 404 on update → the entry is gone from Outlook: a
 * new generation (so a fresh `transactionId`) and a pending create. 404 on delete → done. A failed
 * create keeps its generation, so the retry's `transactionId` (and the extended-property search)
 * reconciles an ambiguous POST instead of duplicating it.
 */
export function recordAfter(
  operation: Extract<PushOperation, { kind: "create" | "update" | "delete" }>,
  outcome: PushOutcome,
  now: Date,
): RecordChange {
  if (operation.kind === "delete") {
    if (outcome.kind === "failed")
      return {
        kind: "write",
        status: "deleting",
        outlookEventId: operation.outlookEventId,
        contentHash: null,
        generation: operation.generation,
        error: outcome.error,
        lastAttemptAt: now,
        ...NO_VERSION,
      };
    return { kind: "remove" };
  }
  const base = { generation: operation.generation, lastAttemptAt: now };
  if (outcome.kind === "ok") {
    const outlookEventId = outcome.outlookEventId ?? (operation.kind === "update" ? operation.outlookEventId : null);
    if (!outlookEventId) throw new RangeError("A successful create must return the Outlook event id");
    return {
      kind: "write",
      ...base,
      status: "in_outlook",
      outlookEventId,
      contentHash: operation.contentHash,
      error: null,
      outlookChangeKey: outcome.version?.changeKey ?? null,
      outlookModifiedAt: outcome.version?.modifiedAt ?? null,
    };
  }
  if (outcome.kind === "not_found") {
    return {
      kind: "write",
      status: "pending",
      outlookEventId: null,
      contentHash: null,
      generation: operation.generation + 1,
      error: null,
      lastAttemptAt: now,
      ...NO_VERSION,
    };
  }
  const outlookEventId = operation.kind === "update" ? operation.outlookEventId : null;
  // Keep the hash of what Outlook holds (unknown after a failed update): the next plan retries.
  return {
    kind: "write",
    ...base,
    status: "failed",
    outlookEventId,
    contentHash: null,
    error: outcome.error,
    ...NO_VERSION,
  };
}

const NO_VERSION = { outlookChangeKey: null, outlookModifiedAt: null } as const;

function keyOf(key: SyncKey): string {
  return syncKeyOf(key.assignmentId, key.sessionId);
}

function keyPart(key: SyncKey): SyncKey {
  return { assignmentId: key.assignmentId, sessionId: key.sessionId };
}

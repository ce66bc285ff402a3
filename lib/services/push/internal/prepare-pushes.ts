import { randomUUID } from "node:crypto";
import { loadPushDesiredState } from "@/db/queries/push-desired-state";
import { leasePreparedEntries, type PreparedEntry } from "@/db/queries/push-entry-lease";
import type { ServiceContext } from "@/lib/context/service-context";
import { syncKeyOf } from "@/lib/sync/extended-property";
import { planPushes } from "@/lib/sync/plan-pushes";
import type { OutlookOperation } from "./act-in-outlook";
import { LEASE_MS } from "./push-connection";

/**
 * Most entries a saving transaction plans for its pushes (each is an entry's content built and
 * hashed inside the transaction, ~0.1 ms): a booking on an event of up to 10 instructors × 5
 * sessions (everyone's list of personnel changes), or an edit of such an event. A bigger change
 * is planned by the jobs themselves.
 */
export const MAX_PREPARED_ENTRIES = 50;

export type PreparedPushes = { holder: string; connectionIds: ReadonlySet<string> };

/**
 * The saving transaction's share of a push (the booking → Outlook path): at the end of the
 * transaction that changed `eventIds`, plans their entries for the live `connectionIds` as the job
 * would, and leases each entry to do something to under one new holder with its operation
 * (db/queries/push-entry-lease.ts `leasePreparedEntries`). The job then takes them up with one
 * statement and sends them before reading anything else (push-connection-calendar.ts). The lease is
 * a reservation only — nothing was sent under it, so any push may take it over — and it is created
 * and dropped with the transaction. Null when the change is too big to plan here, or leased nothing.
 */
export async function preparePushes(
  tx: ServiceContext,
  { eventIds, connectionIds }: { eventIds: readonly string[]; connectionIds: readonly string[] },
): Promise<PreparedPushes | null> {
  const live = new Set(connectionIds);
  const desired = await loadPushDesiredState(tx.db, { eventIds }, { appUrl: tx.config.appUrl });
  const built = desired.candidates.filter(
    (c) => c.eventLifecycle === "active" && c.connection && live.has(c.connection.id),
  );
  if (built.length > MAX_PREPARED_ENTRIES) return null;
  const recordedByKey = new Map(desired.recorded.map((r) => [syncKeyOf(r.assignmentId, r.sessionId), r]));
  const candidatesByKey = new Map(desired.candidates.map((c) => [syncKeyOf(c.assignmentId, c.sessionId), c]));

  const entries: PreparedEntry[] = [];
  for (const op of planPushes(desired.candidates, desired.recorded)) {
    if (op.kind === "wait" || op.kind === "forget" || !live.has(op.connectionId)) continue;
    const key = syncKeyOf(op.assignmentId, op.sessionId);
    const record = recordedByKey.get(key);
    entries.push({
      entry: {
        assignmentId: op.assignmentId,
        sessionId: op.sessionId,
        eventId: op.eventId,
        instructorId: (record ?? candidatesByKey.get(key))!.instructorId,
        connectionId: op.connectionId,
      },
      planned: record
        ? {
            outlookEventId: record.outlookEventId,
            contentHash: record.contentHash,
            status: record.status,
            generation: record.generation,
          }
        : null,
      operation: op satisfies OutlookOperation,
    });
  }
  if (!entries.length) return null;

  const holder = `prepared:${randomUUID()}`;
  const leased = await leasePreparedEntries(tx.db, entries, holder, tx.now(), LEASE_MS);
  const prepared = new Set(
    entries
      .filter((e) => leased.has(syncKeyOf(e.entry.assignmentId, e.entry.sessionId)))
      .map((e) => e.entry.connectionId),
  );
  return prepared.size ? { holder, connectionIds: prepared } : null;
}

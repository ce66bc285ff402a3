import { and, eq, getTableColumns, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { ConnectionFencedError, fenceHolds, type ConnectionFence } from "@/lib/sync/connection-fence";
import { isLive, type ConnectionStatus } from "@/lib/sync/connection-state";
import { syncKeyOf } from "@/lib/sync/extended-property";
import type { PushOperation } from "@/lib/sync/plan-pushes";
import { calendarConnections, pushEntries } from "../schema";
import type { DbOrTx } from "../types";
import { lockConnectionFence } from "./connection-fence";

type PushEntryRow = typeof pushEntries.$inferSelect;

export type PushEntryIdentity = {
  assignmentId: string;
  sessionId: string;
  eventId: string;
  instructorId: string;
  connectionId: string;
};

/**
 * Takes the lease on one (assignment, session) for `holder` until `now + ttlMs`, creating the
 * pending row first if there is none. One conditional UPDATE decides: of any number of pushes
 * racing across processes, one gets the row back and the others get null and leave the entry
 * alone. A lease whose holder crashed is taken over once `lease_until` has passed, and a
 * reservation a saving transaction made for its job (`prepared_operation` set: nothing was sent
 * under it) at once; the job then finds it gone and converges the usual way.
 *
 * `firstClaim` is true when this call created the row, lease included, in one statement, or took
 * over the reservation the row was born with: then no push has ever held this entry, so none can
 * have sent a create for it (every Outlook write happens under the lease of a push that claimed or
 * took up the row), and the caller may POST without searching Outlook first.
 *
 * Fenced (lib/sync/connection-fence.ts): in the same transaction, first, the connection's row is
 * share-locked and must still be live at `fence`, the generation the push read; otherwise
 * ConnectionFencedError is thrown and nothing is claimed. A removal that begins after the claim
 * commits finds its lease and waits for it before sweeping (removal/find-pushes-in-flight.ts); one
 * that began before is seen here. So no push sends anything its removal's sweep does not wait for.
 */
export async function claimPushEntry(
  db: DbOrTx,
  entry: PushEntryIdentity,
  holder: string,
  now: Date,
  ttlMs: number,
  fence: ConnectionFence,
): Promise<(PushEntryRow & { firstClaim: boolean }) | null> {
  return db.transaction(async (tx) => {
    if (!fenceHolds(fence, await lockConnectionFence(tx, entry.connectionId), { live: true }))
      throw new ConnectionFencedError("Push");
    return claimLease(tx, entry, holder, now, ttlMs);
  });
}

/** The lease itself: one conditional INSERT, else one conditional UPDATE (see claimPushEntry). */
async function claimLease(
  db: DbOrTx,
  entry: PushEntryIdentity,
  holder: string,
  now: Date,
  ttlMs: number,
): Promise<(PushEntryRow & { firstClaim: boolean }) | null> {
  const leaseUntil = new Date(now.getTime() + ttlMs);
  const [created] = await db
    .insert(pushEntries)
    .values({ ...entry, status: "pending", leaseHolder: holder, leaseUntil, updatedAt: now })
    .onConflictDoNothing({ target: [pushEntries.assignmentId, pushEntries.sessionId] })
    .returning();
  if (created) return { ...created, firstClaim: true };
  // The row locked first (a locking read sees its latest version), so what it held is known exactly.
  const free = db.$with("free").as(
    db
      .select({ id: pushEntries.id, reserved: pushEntries.preparedOperation })
      .from(pushEntries)
      .where(
        and(
          eq(pushEntries.assignmentId, entry.assignmentId),
          eq(pushEntries.sessionId, entry.sessionId),
          or(
            isNull(pushEntries.leaseUntil),
            lt(pushEntries.leaseUntil, now),
            eq(pushEntries.leaseHolder, holder),
            isNotNull(pushEntries.preparedOperation),
          ),
        ),
      )
      .for("update"),
  );
  const [claimed] = await db
    .with(free)
    .update(pushEntries)
    .set({ leaseHolder: holder, leaseUntil, preparedOperation: null, updatedAt: now })
    .from(free)
    .where(eq(pushEntries.id, free.id))
    .returning({ ...getTableColumns(pushEntries), reserved: free.reserved });
  if (!claimed) return null;
  const { reserved, ...row } = claimed;
  // A reservation planned as a first create: its row was born with it and nobody ever took it up.
  const unsent = reserved?.kind === "create" && reserved.searchFirst === false;
  return { ...row, firstClaim: unsent };
}

/** Gives the lease back, only if `holder` still has it. */
export async function releasePushEntry(
  db: DbOrTx,
  key: { assignmentId: string; sessionId: string },
  holder: string,
): Promise<void> {
  await db
    .update(pushEntries)
    .set({ leaseHolder: null, leaseUntil: null, preparedOperation: null, updatedAt: sql`now()` })
    .where(
      and(
        eq(pushEntries.assignmentId, key.assignmentId),
        eq(pushEntries.sessionId, key.sessionId),
        eq(pushEntries.leaseHolder, holder),
      ),
    );
}

/** What a saving transaction leases for its push job: the entry, the row as its plan read it, the operation. */
export type PreparedEntry = {
  entry: PushEntryIdentity;
  /** The row the plan was made from; null when there was none (the lease then creates it). */
  planned: Pick<PushEntryRow, "outlookEventId" | "contentHash" | "status" | "generation"> | null;
  operation: PreparedOperation;
};

/** An Outlook operation as stored in `prepared_operation` (plain JSON). */
export type PreparedOperation = Extract<PushOperation, { kind: "create" | "update" | "delete" }>;

/**
 * Leases entries for `holder` (a push job still to run) with the operation planned for each, in two
 * statements whatever their number: entries without a row are inserted (a conflict means another
 * push created the row meanwhile: left out), existing rows are taken only if they are still as
 * planned and free (no lease, an expired one, or another job's reservation), skipping rows locked
 * by a concurrent writer instead of waiting for them. Returns the sync keys leased; the others are
 * left to the job's own convergence.
 */
export async function leasePreparedEntries(
  db: DbOrTx,
  entries: readonly PreparedEntry[],
  holder: string,
  now: Date,
  ttlMs: number,
): Promise<Set<string>> {
  const leaseUntil = new Date(now.getTime() + ttlMs);
  const leased = new Set<string>();
  const fresh = entries.filter((e) => e.planned === null);
  if (fresh.length) {
    const rows = await db
      .insert(pushEntries)
      .values(
        fresh.map(({ entry, operation }) => ({
          ...entry,
          status: "pending" as const,
          leaseHolder: holder,
          leaseUntil,
          preparedOperation: operation,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing({ target: [pushEntries.assignmentId, pushEntries.sessionId] })
      .returning({ assignmentId: pushEntries.assignmentId, sessionId: pushEntries.sessionId });
    for (const row of rows) leased.add(syncKeyOf(row.assignmentId, row.sessionId));
  }
  const existing = entries.filter((e) => e.planned !== null);
  if (existing.length) {
    const wanted = JSON.stringify(
      existing.map(({ entry, planned, operation }) => ({
        assignment_id: entry.assignmentId,
        session_id: entry.sessionId,
        outlook_event_id: planned!.outlookEventId,
        content_hash: planned!.contentHash,
        status: planned!.status,
        generation: planned!.generation,
        operation,
      })),
    );
    const result = await db.execute(sql`
      with wanted as (
        select * from jsonb_to_recordset(${wanted}::jsonb) as w(
          assignment_id uuid, session_id uuid, outlook_event_id text, content_hash text, status text,
          generation integer, operation jsonb)
      ), free as (
        select p.id, wanted.operation
        from ${pushEntries} p
        join wanted on p.assignment_id = wanted.assignment_id and p.session_id = wanted.session_id
        where p.outlook_event_id is not distinct from wanted.outlook_event_id
          and p.content_hash is not distinct from wanted.content_hash
          and p.status::text = wanted.status
          and p.generation = wanted.generation
          and (p.lease_until is null or p.lease_until < ${now.toISOString()}::timestamptz or p.prepared_operation is not null)
        order by p.id
        for update of p skip locked
      )
      update ${pushEntries}
      set lease_holder = ${holder}, lease_until = ${leaseUntil.toISOString()}::timestamptz,
        prepared_operation = free.operation, updated_at = ${now.toISOString()}::timestamptz
      from free
      where ${pushEntries.id} = free.id
      returning ${pushEntries.assignmentId} as assignment_id, ${pushEntries.sessionId} as session_id`);
    for (const row of rowsOf<{ assignment_id: string; session_id: string }>(result))
      leased.add(syncKeyOf(row.assignment_id, row.session_id));
  }
  return leased;
}

/** A connection as a push job needs it, with the removal fence it read (`generation`). */
export type PushConnectionRow = {
  id: string;
  instructorId: string;
  homeAccountId: string | null;
  status: ConnectionStatus;
  generation: number;
};

/**
 * A push job taking up what its saving transaction leased (`prepared`, see leasePreparedEntries), in one
 * transaction: the connection's row share-locked and read first (the removal fence, as claimPushEntry
 * takes it), then, only while it is live, one statement takes every entry of the connection still reserved
 * for `prepared` (not taken over, not expired), its lease passing to `holder` for `ttlMs` and its prepared
 * operation cleared (so a second run of the same job finds nothing to take and converges the usual way).
 * Returns the connection as read, with the operations taken (none when it is not live: a removal that began
 * before finds nothing taken; one that begins after finds the leases taken and waits for them); null when
 * the connection is gone.
 */
export async function takePreparedEntries(
  db: DbOrTx,
  {
    connectionId,
    eventIds,
    prepared,
    holder,
    now,
    ttlMs,
  }: {
    connectionId: string;
    /** The events the transaction changed: its reservations are among their entries (a few rows, by index). */
    eventIds: readonly string[];
    prepared: string;
    holder: string;
    now: Date;
    ttlMs: number;
  },
): Promise<{ connection: PushConnectionRow; operations: PreparedOperation[] } | null> {
  return db.transaction(async (tx) => {
    const [connection] = await tx
      .select(pushConnectionColumns)
      .from(calendarConnections)
      .where(eq(calendarConnections.id, connectionId))
      .for("share");
    if (!connection) return null;
    if (!isLive(connection.status)) return { connection, operations: [] };
    const at = now.toISOString();
    const events = sql.join(
      eventIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const leaseUntil = new Date(now.getTime() + ttlMs).toISOString();
    // The reserved rows are locked by the subquery (a locking read sees their latest version), so the
    // operation read from it is the one taken. No CTE: PGlite plans this form in half the time.
    const taken = rowsOf<{ operation: PreparedOperation | string }>(
      await tx.execute(sql`
        update ${pushEntries} p
        set lease_holder = ${holder}, lease_until = ${leaseUntil}::timestamptz, prepared_operation = null,
          updated_at = ${at}::timestamptz
        from (
            select id, prepared_operation from ${pushEntries}
            where event_id in (${events}) and connection_id = ${connectionId} and lease_holder = ${prepared}
              and prepared_operation is not null and lease_until > ${at}::timestamptz
            for update
          ) reserved
        where p.id = reserved.id
        returning reserved.prepared_operation as operation`),
    );
    return {
      connection,
      operations: taken.map((t) => (typeof t.operation === "string" ? JSON.parse(t.operation) : t.operation)),
    };
  });
}

/** Gives back every lease `holder` still has on the connection's entries, with their prepared operations. */
export async function releasePreparedEntries(db: DbOrTx, connectionId: string, holder: string): Promise<void> {
  await db
    .update(pushEntries)
    .set({ leaseHolder: null, leaseUntil: null, preparedOperation: null, updatedAt: sql`now()` })
    .where(and(eq(pushEntries.connectionId, connectionId), eq(pushEntries.leaseHolder, holder)));
}

/** The rows of a raw statement: postgres-js answers them as an array, PGlite as `{ rows }`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** What a push needs of the connection it writes for, the removal fence it starts at included. */
export const pushConnectionColumns = {
  id: calendarConnections.id,
  instructorId: calendarConnections.instructorId,
  homeAccountId: calendarConnections.homeAccountId,
  status: calendarConnections.status,
  generation: calendarConnections.generation,
};

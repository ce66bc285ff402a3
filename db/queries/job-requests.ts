import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, min, ne, sql } from "drizzle-orm";
import { jobRequests, type JobRequestRow } from "../schema/job-requests";
import type { DbOrTx } from "../types";
import { isUniqueViolation } from "../errors";

export type { JobRequestRow };

/** A row to record: one run of one function, or (functionId null) one event for the Inngest relay. */
export type NewJobRequest = {
  queue: string;
  eventName: string;
  eventData: Record<string, unknown>;
  functionId: string | null;
  concurrencyKey: string | null;
  debounceKey: string | null;
  idempotencyKey: string | null;
  priority: number;
  runAfter: Date;
  createdAt: Date;
};

const INSERT_CHUNK = 500;

/** Records rows (in the caller's transaction when given one); a repeated idempotency key is dropped. */
export async function insertJobRequests(db: DbOrTx, rows: NewJobRequest[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const inserted = await db
      .insert(jobRequests)
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing({ target: jobRequests.idempotencyKey })
      .returning({ id: jobRequests.id });
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

/**
 * Joins a debounced function's queued row: the latest event replaces the one held, and its start
 * moves to `runAfter`, never later than `deadlineMs` after the row was first recorded. Null when no
 * row waits (the caller records one).
 */
export async function joinDebouncedJob(
  db: DbOrTx,
  debounceKey: string,
  update: { eventData: Record<string, unknown>; runAfter: Date; deadlineMs: number | null },
): Promise<string | null> {
  const deadline =
    update.deadlineMs === null
      ? sql`${update.runAfter.toISOString()}::timestamptz`
      : sql`least(${update.runAfter.toISOString()}::timestamptz, ${jobRequests.createdAt} + make_interval(secs => ${update.deadlineMs / 1000}))`;
  const [row] = await db
    .update(jobRequests)
    .set({ eventData: update.eventData, runAfter: deadline })
    .where(and(eq(jobRequests.debounceKey, debounceKey), eq(jobRequests.state, "queued")))
    .returning({ id: jobRequests.id });
  return row?.id ?? null;
}

/**
 * Claims up to `limit` due rows of the queue for this process in one statement: the first by priority,
 * due time and insertion order whose concurrency key no running row holds, at most one per key, and at
 * most `bulkLimit` of them bulk (priority > 0; 0 takes only rows a person waits for). Rows another
 * claim has locked are skipped (`FOR UPDATE SKIP LOCKED`). The partial unique index on running keys
 * settles two processes claiming rows of one key together: the loser's statement fails, and it
 * reports `contended` with nothing claimed, to try again.
 */
export async function claimDueJobs(
  db: DbOrTx,
  input: { queue: string; now: Date; leaseUntil: Date; leasedBy: string; limit: number; bulkLimit: number },
): Promise<{ rows: JobRequestRow[]; contended: boolean }> {
  if (input.limit <= 0) return { rows: [], contended: false };
  const bulkLimit = Math.max(0, Math.min(input.bulkLimit, input.limit));
  // Locks a window a little wider than the claim: rows of a key already in the window are passed over.
  const scan = input.limit * 2 + 8;
  const picked = sql`
    with due as (
      select j.id, j.priority, j.run_after, j.seq, j.concurrency_key
      from job_requests j
      where j.queue = ${input.queue}
        and j.state = 'queued'
        and j.function_id is not null
        and j.run_after <= ${input.now.toISOString()}::timestamptz
        ${bulkLimit === 0 ? sql`and j.priority = 0` : sql``}
        and (j.concurrency_key is null or not exists (
          select 1 from job_requests r where r.state = 'running' and r.concurrency_key = j.concurrency_key))
      order by j.priority, j.run_after, j.seq
      limit ${scan}
      for update skip locked
    ), first_of_key as (
      select *, row_number() over (
        partition by coalesce(concurrency_key, id::text) order by priority, run_after, seq) as nth_of_key
      from due
    ), ranked as (
      select id, priority,
        row_number() over (order by priority, run_after, seq) as nth,
        row_number() over (partition by priority > 0 order by priority, run_after, seq) as nth_of_class
      from first_of_key
      where nth_of_key = 1
    )
    select id from ranked
    where nth <= ${input.limit} and (priority = 0 or nth_of_class <= ${bulkLimit})`;
  try {
    const rows = await db
      .update(jobRequests)
      .set({ state: "running", leasedBy: input.leasedBy, leaseUntil: input.leaseUntil })
      .where(sql`${jobRequests.id} in (${picked})`)
      .returning();
    // People's work first, then by due time: the order the attempts start in.
    rows.sort((a, b) => a.priority - b.priority || +a.runAfter - +b.runAfter || a.seq - b.seq);
    return { rows, contended: false };
  } catch (error) {
    if (isUniqueViolation(error)) return { rows: [], contended: true };
    throw error;
  }
}

/** Only while this process still holds the row: a lapsed lease means another process may own it now. */
const held = (id: string, leasedBy: string) =>
  and(eq(jobRequests.id, id), eq(jobRequests.state, "running"), eq(jobRequests.leasedBy, leasedBy));

export async function renewJobLease(db: DbOrTx, id: string, leasedBy: string, leaseUntil: Date) {
  const rows = await db
    .update(jobRequests)
    .set({ leaseUntil })
    .where(held(id, leasedBy))
    .returning({ id: jobRequests.id });
  return rows.length > 0;
}

/** The steps done so far, written as each one completes. */
export async function saveJobSteps(db: DbOrTx, id: string, leasedBy: string, steps: Record<string, unknown>) {
  await db.update(jobRequests).set({ steps }).where(held(id, leasedBy));
}

/** Back to the queue, due at `runAfter`: a retry after backoff or Retry-After, or a step.sleep. */
export async function requeueJob(
  db: DbOrTx,
  id: string,
  leasedBy: string,
  next: {
    runAfter: Date;
    attempt: number;
    steps: Record<string, unknown>;
    lastError?: { name: string; message: string };
    waitReason: string;
  },
) {
  await db
    .update(jobRequests)
    .set({ state: "queued", leasedBy: null, leaseUntil: null, ...next })
    .where(held(id, leasedBy));
}

/** The run failed for good: recorded before its onFailure handler runs, so a restart runs only the handler. */
export async function markJobExhausted(
  db: DbOrTx,
  id: string,
  leasedBy: string,
  input: { attempt: number; lastError: { name: string; message: string } },
) {
  await db.update(jobRequests).set(input).where(held(id, leasedBy));
}

export async function finishJob(
  db: DbOrTx,
  id: string,
  leasedBy: string,
  input: { state: "succeeded" | "failed"; finishedAt: Date; steps?: Record<string, unknown> },
) {
  await db
    .update(jobRequests)
    .set({ ...input, leasedBy: null, leaseUntil: null, waitReason: null })
    .where(held(id, leasedBy));
}

/**
 * Running rows whose lease lapsed (their process died, or froze past the lease) go back to the queue,
 * counting the interrupted attempt: a job that kills its process every time still ends. `all`: every
 * running row of the queue, for a process that owns the database alone (PGlite) and is just starting.
 */
export async function reclaimLapsedJobs(db: DbOrTx, input: { queue: string; now: Date; all?: boolean }) {
  const rows = await db
    .update(jobRequests)
    .set({
      state: "queued",
      leasedBy: null,
      leaseUntil: null,
      attempt: sql`${jobRequests.attempt} + 1`,
      waitReason: "resumed after its process stopped",
    })
    .where(
      and(
        eq(jobRequests.queue, input.queue),
        eq(jobRequests.state, "running"),
        input.all ? undefined : lt(jobRequests.leaseUntil, input.now),
      ),
    )
    .returning({ id: jobRequests.id });
  return rows.length;
}

/**
 * When the loop next has something to look at after `now` (null: nothing): the next queued row falling
 * due, or the next claim of another process lapsing (its run is then resumed here). Rows already due
 * but waiting for their key or a worker are not counted: the attempt that holds them wakes the loop.
 */
export async function nextJobDueAt(db: DbOrTx, queue: string, now: Date, leasedBy: string): Promise<Date | null> {
  const [queued] = await db
    .select({ at: min(jobRequests.runAfter) })
    .from(jobRequests)
    .where(
      and(
        eq(jobRequests.queue, queue),
        eq(jobRequests.state, "queued"),
        isNotNull(jobRequests.functionId),
        gt(jobRequests.runAfter, now),
      ),
    );
  const [lapsing] = await db
    .select({ at: min(jobRequests.leaseUntil) })
    .from(jobRequests)
    .where(and(eq(jobRequests.queue, queue), eq(jobRequests.state, "running"), ne(jobRequests.leasedBy, leasedBy)));
  // A lease lapses once `now` is past it (reclaimLapsedJobs compares strictly): look a millisecond later.
  const times = [queued?.at && new Date(queued.at).getTime(), lapsing?.at && new Date(lapsing.at).getTime() + 1];
  const next = Math.min(...times.filter((t): t is number => typeof t === "number"));
  return Number.isFinite(next) ? new Date(next) : null;
}

/** Rows not finished yet (queued or running) in the queue: tests and benches wait for none. */
export async function unfinishedJobCount(db: DbOrTx, queue: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(jobRequests)
    .where(and(eq(jobRequests.queue, queue), inArray(jobRequests.state, ["queued", "running"])));
  return row?.n ?? 0;
}

/** Events waiting for the Inngest relay, oldest first; `olderThan` leaves the ones a flush is about to send. */
export async function relayCandidates(db: DbOrTx, input: { ids?: string[]; olderThan?: Date; limit: number }) {
  return db
    .select({ id: jobRequests.id, eventName: jobRequests.eventName, eventData: jobRequests.eventData })
    .from(jobRequests)
    .where(
      and(
        eq(jobRequests.state, "queued"),
        isNull(jobRequests.functionId),
        input.ids ? inArray(jobRequests.id, input.ids) : undefined,
        input.olderThan ? lt(jobRequests.createdAt, input.olderThan) : undefined,
      ),
    )
    .orderBy(asc(jobRequests.seq))
    .limit(input.limit);
}

export async function markJobsRelayed(db: DbOrTx, ids: string[], at: Date) {
  if (ids.length === 0) return;
  await db
    .update(jobRequests)
    .set({ state: "relayed", finishedAt: at })
    .where(and(inArray(jobRequests.id, ids), eq(jobRequests.state, "queued")));
}

/** Finished rows are kept a while for the record, then dropped. */
export async function pruneFinishedJobs(db: DbOrTx, before: Date) {
  const rows = await db
    .delete(jobRequests)
    .where(and(inArray(jobRequests.state, ["succeeded", "failed", "relayed"]), lt(jobRequests.finishedAt, before)))
    .returning({ id: jobRequests.id });
  return rows.length;
}

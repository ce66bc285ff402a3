import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, lte, min, ne, notExists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
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
 * Claims the next due row of the queue for this process: the first by priority, due time and
 * insertion order whose concurrency key no running row holds. `bulk: false` takes only rows a
 * person waits for (priority 0). The partial unique index on running keys settles two processes
 * claiming rows of one key together: the loser's update fails, and it reports nothing claimed.
 */
export async function claimNextJob(
  db: DbOrTx,
  input: { queue: string; now: Date; leaseUntil: Date; leasedBy: string; bulk: boolean },
): Promise<JobRequestRow | null> {
  const running = alias(jobRequests, "running");
  const next = db
    .select({ id: jobRequests.id })
    .from(jobRequests)
    .where(
      and(
        eq(jobRequests.queue, input.queue),
        eq(jobRequests.state, "queued"),
        isNotNull(jobRequests.functionId),
        lte(jobRequests.runAfter, input.now),
        input.bulk ? undefined : eq(jobRequests.priority, 0),
        or(
          isNull(jobRequests.concurrencyKey),
          notExists(
            db
              .select({ one: sql`1` })
              .from(running)
              .where(and(eq(running.state, "running"), eq(running.concurrencyKey, jobRequests.concurrencyKey))),
          ),
        ),
      ),
    )
    .orderBy(asc(jobRequests.priority), asc(jobRequests.runAfter), asc(jobRequests.seq))
    .limit(1)
    .for("update", { skipLocked: true });
  try {
    const [row] = await db
      .update(jobRequests)
      .set({ state: "running", leasedBy: input.leasedBy, leaseUntil: input.leaseUntil })
      .where(eq(jobRequests.id, sql`(${next})`))
      .returning();
    return row ?? null;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
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

import { and, desc, eq, inArray, sql } from "drizzle-orm";
import {
  calendarConnections,
  syncRuns,
  type SyncCounts,
  type SyncKind,
  type SyncRunStatus,
  type SyncTrigger,
} from "../schema";
import type { DbOrTx } from "../types";
import { isUuid } from "./ids";

/*
 * The ledger: every write to `sync_runs` goes through these five verbs, whichever capability runs
 * (pull, push, removal) and whoever ends a run (its job, the job's onFailure, the sweep). A run is
 * opened `queued` (or `running` when the job that does the work opens it), claimed `running`,
 * touched while it works (`heartbeat_at`: the sweep tells a live run from a dead one by it), given
 * counts as it goes, and finished once.
 */

const UNFINISHED: SyncRunStatus[] = ["queued", "running"];
/** Longer messages are cut: a run row is for people, not for a stack trace. */
const MAX_ERROR_MESSAGE = 1000;

/**
 * A new run of `kind` for the connection: `queued` (asked for; its job claims it), or `running` when the
 * job doing the work opens it itself (a push, a removal requested without a row). Returns its id (`id`: one the
 * caller chose, so it can use it before the row is written).
 */
export async function openRun(
  db: DbOrTx,
  run: { connectionId: string; kind: SyncKind; trigger: SyncTrigger; now: Date; running?: boolean; id?: string },
): Promise<string> {
  const { connectionId, kind, trigger, now } = run;
  const [row] = await db
    .insert(syncRuns)
    .values({
      ...(run.id && { id: run.id }),
      connectionId,
      kind,
      trigger,
      queuedAt: now,
      dueAt: now,
      ...(run.running ? { status: "running" as const, startedAt: now, heartbeatAt: now } : { status: "queued" }),
    })
    .returning({ id: syncRuns.id });
  return row!.id;
}

/** The connection's queued run of `kind`, if one waits: a new request joins it instead of queuing another. */
export async function queuedRun(db: DbOrTx, connectionId: string, kind: SyncKind): Promise<string | null> {
  const [row] = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.connectionId, connectionId), eq(syncRuns.kind, kind), eq(syncRuns.status, "queued")))
    .limit(1);
  return row?.id ?? null;
}

/**
 * Marks the run `running` (started and alive now, any earlier error cleared) if it is this connection's run
 * of `kind` and its status is one of `from`; null otherwise (another attempt has it, or it is finished).
 * `from` is the protocol of each kind: a pull's retry claims its failed row again; a removal's begin step,
 * replayed after a crash, finds its row running. With `resume` (a later step of a run spanning several job
 * steps, from `running`), the run keeps its start and is only marked alive.
 */
export async function claimRun(
  db: DbOrTx,
  run: { runId: string; connectionId: string; kind: SyncKind; from: SyncRunStatus[]; now: Date; resume?: boolean },
): Promise<{ id: string; trigger: SyncTrigger } | null> {
  const { runId, connectionId, kind, from, now } = run;
  const [row] = await db
    .update(syncRuns)
    .set(
      run.resume
        ? { heartbeatAt: now }
        : {
            status: "running",
            startedAt: now,
            heartbeatAt: now,
            finishedAt: null,
            errorClass: null,
            errorMessage: null,
          },
    )
    .where(
      and(
        eq(syncRuns.id, runId),
        eq(syncRuns.connectionId, connectionId),
        eq(syncRuns.kind, kind),
        inArray(syncRuns.status, from),
      ),
    )
    .returning({ id: syncRuns.id, trigger: syncRuns.trigger });
  return row ?? null;
}

/** A sign of life from a running run (a long loop of pages or `$batch`es): the sweep leaves it alone. */
export async function touchRun(db: DbOrTx, runId: string, now: Date): Promise<void> {
  await db
    .update(syncRuns)
    .set({ heartbeatAt: now })
    .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, "running")));
}

/**
 * Adds to a run's tallies and Graph requests in the database, as the work happens, and returns the run's
 * totals; a sign of life too. Where the work is local, call it in the work's transaction: a step's result is
 * kept only once the step succeeds, so counts a failed or crashed attempt merely returned would be lost, and
 * adding them to the row keeps the totals right across retries and resumed runs. Without a run, the
 * increments are the totals.
 */
export async function addRunCounts(
  db: DbOrTx,
  runId: string | null,
  add: { counts: SyncCounts; graphRequests?: number; now: Date },
): Promise<{ counts: SyncCounts; graphRequests: number }> {
  const { counts: increments, graphRequests = 0, now } = add;
  if (!runId) return { counts: increments, graphRequests };
  const entries = Object.entries(increments);
  const merged = entries.length
    ? sql`${syncRuns.counts} || jsonb_build_object(${sql.join(
        entries.map(
          ([key, n]) => sql`${key}::text, coalesce((${syncRuns.counts} ->> ${key}::text)::int, 0) + ${n}::int`,
        ),
        sql`, `,
      )})`
    : sql`${syncRuns.counts}`;
  const [row] = await db
    .update(syncRuns)
    .set({
      counts: merged,
      graphRequests: sql`${syncRuns.graphRequests} + ${graphRequests}::int`,
      heartbeatAt: now,
    })
    .where(eq(syncRuns.id, runId))
    .returning({ counts: syncRuns.counts, graphRequests: syncRuns.graphRequests });
  return row ?? { counts: increments, graphRequests };
}

/** How a run ended. Counts and Graph requests are replaced only when given (a removal added them as it went). */
export type RunEnding = {
  status: "succeeded" | "failed" | "cancelled";
  counts?: SyncCounts;
  graphRequests?: number;
  /** The error's class name and message; a succeeded run may carry one (a removal that could not reach Outlook). */
  errorClass?: string | null;
  errorMessage?: string | null;
  /** A failed run its job retries after a named wait (Graph's Retry-After): its `due_at`, shown as the next try. */
  retryAt?: Date;
};

/**
 * Ends the run. With `unfinishedOnly`, only a run still queued or running is ended (a removal's steps and the
 * sweep, which must not overwrite an ending someone else wrote); returns whether the row was written.
 */
export async function finishRun(
  db: DbOrTx,
  runId: string,
  ending: RunEnding,
  now: Date,
  { unfinishedOnly = false }: { unfinishedOnly?: boolean } = {},
): Promise<boolean> {
  const written = await db
    .update(syncRuns)
    .set({
      status: ending.status,
      finishedAt: now,
      ...(ending.counts !== undefined && { counts: ending.counts }),
      ...(ending.graphRequests !== undefined && { graphRequests: ending.graphRequests }),
      errorClass: ending.errorClass ?? null,
      errorMessage: ending.errorMessage?.slice(0, MAX_ERROR_MESSAGE) ?? null,
      ...(ending.status === "failed" && ending.retryAt && { dueAt: ending.retryAt }),
    })
    .where(unfinishedOnly ? and(eq(syncRuns.id, runId), inArray(syncRuns.status, UNFINISHED)) : eq(syncRuns.id, runId))
    .returning({ id: syncRuns.id });
  return written.length > 0;
}

/** The connection's newest unfinished run of `kind` (or that run, when `runId` names one still unfinished). */
export async function unfinishedRun(
  db: DbOrTx,
  connectionId: string,
  kind: SyncKind,
  runId?: string,
): Promise<string | null> {
  const unfinished = and(
    eq(syncRuns.connectionId, connectionId),
    eq(syncRuns.kind, kind),
    inArray(syncRuns.status, UNFINISHED),
  );
  const [row] = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(runId ? and(unfinished, eq(syncRuns.id, runId)) : unfinished)
    .orderBy(desc(syncRuns.queuedAt))
    .limit(1);
  return row?.id ?? null;
}

const runColumns = {
  id: syncRuns.id,
  instructorId: calendarConnections.instructorId,
  kind: syncRuns.kind,
  trigger: syncRuns.trigger,
  status: syncRuns.status,
  queuedAt: syncRuns.queuedAt,
  startedAt: syncRuns.startedAt,
  finishedAt: syncRuns.finishedAt,
  counts: syncRuns.counts,
  graphRequests: syncRuns.graphRequests,
  errorClass: syncRuns.errorClass,
  errorMessage: syncRuns.errorMessage,
};

export type SyncRunRow = Awaited<ReturnType<typeof getSyncRun>> & {};

/** One sync run with the instructor it belongs to; null when there is none. */
export async function getSyncRun(db: DbOrTx, runId: string) {
  if (!isUuid(runId)) return null;
  const [row] = await db
    .select(runColumns)
    .from(syncRuns)
    .innerJoin(calendarConnections, eq(calendarConnections.id, syncRuns.connectionId))
    .where(eq(syncRuns.id, runId));
  return row ?? null;
}

/** An instructor's sync runs, newest first (the sync log shows the last 50). */
export async function syncRunsOfInstructor(db: DbOrTx, instructorId: string, limit = 50) {
  if (!isUuid(instructorId)) return [];
  return db
    .select(runColumns)
    .from(syncRuns)
    .innerJoin(calendarConnections, eq(calendarConnections.id, syncRuns.connectionId))
    .where(eq(calendarConnections.instructorId, instructorId))
    .orderBy(desc(syncRuns.queuedAt))
    .limit(limit);
}

export type LatestPull = {
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  counts: Record<string, number>;
  error: string | null;
  errorClass?: string | null;
  finishedAt: Date | null;
  queuedAt?: Date;
  startedAt?: Date | null;
};

/** Each connection's newest pull (or removal), for the Calendar Integration table's progress column. */
export async function latestPullRuns(
  db: DbOrTx,
  connectionIds: string[],
  kind: "pull" | "removal" = "pull",
): Promise<Map<string, LatestPull>> {
  if (connectionIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([syncRuns.connectionId])
    .from(syncRuns)
    .where(and(inArray(syncRuns.connectionId, connectionIds), eq(syncRuns.kind, kind)))
    .orderBy(syncRuns.connectionId, desc(syncRuns.queuedAt));
  return new Map(
    rows.map((r) => [
      r.connectionId,
      {
        status: r.status,
        counts: r.counts,
        error: r.errorMessage ?? r.errorClass,
        finishedAt: r.finishedAt,
        queuedAt: r.queuedAt,
        startedAt: r.startedAt,
      },
    ]),
  );
}

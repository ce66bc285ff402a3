import { randomUUID } from "node:crypto";
import { NonRetriableError, type InngestFunction } from "inngest";
import {
  claimDueJobs,
  finishJob,
  insertJobRequests,
  joinDebouncedJob,
  markJobExhausted,
  nextJobDueAt,
  reclaimLapsedJobs,
  requeueJob,
  saveJobSteps,
  unfinishedJobCount,
  type JobRequestRow,
} from "@/db/queries/job-requests";
import type { DbOrTx } from "@/db/types";
import type { Jobs } from "@/lib/jobs/jobs";
import { systemClock, type Clock } from "./clock";
import { parseCron, type CronSchedule } from "./cron";
import { JobRuntimeStoppedError, RunAbandonedError } from "./errors";
import { readFunction, type FunctionDefinition, type RunEvent } from "./function-definition";
import { CRON_EVENT, JobPlanner, PRIORITY_BULK, type SendableEvent } from "./job-planner";
import { defaultBackoff, retryDelay, type Backoff } from "./retry-delay";
import { asJson, createStepTools, SleepRequested } from "./step-tools";
import { runCronTimer } from "./cron-timer";
import { runFailureHandler } from "./failure-handler";
import { startLeaseHeartbeat } from "./lease-heartbeat";

export type { SendableEvent };
export type AttemptRecord = { startedAt: Date; error?: { name: string; message: string } };
/** What happened to one run in this process; `onRunFinished` receives it (tests read it, the app logs failures). */
export type RunRecord = {
  runId: string;
  functionId: string;
  event: RunEvent;
  status: "succeeded" | "failed";
  attempts: AttemptRecord[];
  sleeps: { id: string; ms: number; at: Date }[];
  result?: unknown;
  /** The function's `onFailure` handler, when the run failed and the function has one. */
  failureHandler?: { status: "succeeded" | "failed"; result?: unknown; error?: { name: string; message: string } };
  finishedAt?: Date;
};

export type InProcessRuntimeOptions = {
  /** Where the job requests live: the app's database (the same one the services write). */
  db: DbOrTx;
  functions: InngestFunction.Any[];
  /** Rows this runtime claims (default "default"); tests give each runtime its own. */
  queue?: string;
  clock?: Clock;
  /** Attempts executing at once, across all functions (default 16). */
  workers?: number;
  /** Workers bulk work may never take, so a person's Sync Calendar, removal or booking always finds one (default 2). */
  reservedForPeople?: number;
  /** How long a claim holds without renewal: a killed process's runs are resumed after it (default 60 s). */
  leaseMs?: number;
  /**
   * How often to look for work other processes recorded (default 1 s). Null: only when this process
   * records work or a timer falls due (tests on a manual clock, a process alone on its database).
   */
  pollMs?: number | null;
  /**
   * This process is the database's only user (PGlite): whatever is marked running at start was left by
   * a process that died, and is resumed at once rather than after its lease.
   */
  exclusiveDatabase?: boolean;
  /** Fire the functions' crons on timers (default true; `runCronNow` works either way). */
  cronTimers?: boolean;
  backoff?: Backoff;
  onRunFinished?: (run: RunRecord) => void;
};

/**
 * An attempt mostly waits on Graph (100–300 ms a request), so the workers, not the CPU, bound the hourly
 * cycle: 6 bulk workers pulled 500 calendars in 68 s, 14 in 30 s, the app's CPU at 7–11 % of 2 cores
 * (`npm run bench -- --only=cycle`, docs/benchmarks.md). Graph requests in flight stay capped by the
 * mailbox limiter's pool on PostgreSQL (10).
 */
export const DEFAULT_WORKERS = 16;
const DEFAULT_RESERVED = 2;
const DEFAULT_LEASE_MS = 60_000;

/**
 * Runs the app's Inngest functions in this process when no Inngest server is configured, from the
 * job_requests table: `send` (and a service's `ctx.jobs.send` inside its transaction) records a row;
 * the loop claims due rows (priority first; one running row per concurrency key, held by the
 * database), runs one attempt of each, writes every step's result back, and on a retry, a Retry-After
 * or a `step.sleep` puts the row back in the queue for its time. Nothing waits in memory: a killed or
 * restarted process resumes every run from its last step. The same function objects as on Inngest,
 * with their `concurrency` (limit 1), `debounce`, `retries`, `onFailure`, `RetryAfterError` and
 * `NonRetriableError` honoured and their crons on timers. There is no bound on recorded work: the
 * queue is a table, and only `workers` attempts execute at once.
 */
export class InProcessRuntime {
  readonly queue: string;
  readonly processId = `process:${randomUUID()}`;
  private readonly db: DbOrTx;
  private readonly clock: Clock;
  private readonly definitions: FunctionDefinition[];
  private readonly byId = new Map<string, FunctionDefinition>();
  private readonly planner: JobPlanner;
  private readonly crons: { definition: FunctionDefinition; schedule: CronSchedule }[] = [];
  private readonly workers: number;
  private readonly bulkWorkers: number;
  private readonly leaseMs: number;
  private readonly pollMs: number | null;
  private readonly backoff: Backoff;
  private readonly stop = new AbortController();
  private readonly executing = new Map<string, Promise<void>>();
  private executingBulk = 0;
  /** Runs this process has touched, for onRunFinished. */
  private readonly records = new Map<string, RunRecord>();
  /** The attempt number each of those runs last recorded (a resume after a sleep is the same attempt). */
  private readonly recordedAttempt = new Map<string, number>();
  private wakeUp: (() => void) | null = null;
  private wakePending = false;
  private parked = false;
  private pendingSends = 0;
  private loop: Promise<void> | null = null;
  private killed = false;

  constructor(private readonly options: InProcessRuntimeOptions) {
    this.db = options.db;
    this.queue = options.queue ?? "default";
    this.clock = options.clock ?? systemClock;
    this.workers = options.workers ?? DEFAULT_WORKERS;
    this.bulkWorkers = Math.max(1, this.workers - (options.reservedForPeople ?? DEFAULT_RESERVED));
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollMs = options.pollMs === undefined ? 1_000 : options.pollMs;
    this.backoff = options.backoff ?? defaultBackoff;
    this.definitions = options.functions.map(readFunction);
    for (const definition of this.definitions) {
      this.byId.set(definition.id, definition);
      const claims = definition.claims({ id: "", name: "", data: {}, ts: 0 });
      if (claims.length > 1 || claims.some((c) => c.limit !== 1))
        throw new Error(`Function ${definition.id}: in-process, a function has at most one concurrency limit, of 1`);
      // Refuse an unreadable cadence at start-up.
      for (const cron of definition.crons) this.crons.push({ definition, schedule: parseCron(cron) });
    }
    this.planner = new JobPlanner(this.definitions, { queue: this.queue, relay: false });
  }

  /** What services send through: records in the caller's transaction, wakes the loop after its commit. */
  readonly jobs: Jobs = {
    recordsInTransaction: true,
    send: async (events, options) => {
      await this.record(options?.db ?? this.db, [events].flat());
      // Outside a transaction the rows are committed already; inside one, `committed` wakes the loop.
      if (!options?.db) this.wake();
    },
    committed: () => this.wake(),
  };

  /** Starts the loop and the cron timers (recording works without it). */
  start() {
    if (this.loop) return;
    this.loop = this.run();
    if (this.options.cronTimers !== false)
      for (const { definition, schedule } of this.crons)
        void runCronTimer(schedule, {
          clock: this.clock,
          signal: this.stop.signal,
          tick: (at) => this.recordCronTick(definition, schedule, at),
        });
  }

  /** Records events (validated against their schemas) outside any transaction, and wakes the loop. */
  async send(input: SendableEvent | SendableEvent[]): Promise<{ ids: string[] }> {
    const ids = await this.record(this.db, [input].flat());
    this.wake();
    return { ids };
  }

  /**
   * Runs a cron function now, as its schedule would (a bench or an operator does not wait for the
   * hour). Unknown or event-triggered functions throw.
   */
  async runCronNow(functionId: string) {
    const definition = this.definitions.find((d) => d.id === functionId || d.id.endsWith(`-${functionId}`));
    const cron = definition?.crons[0];
    if (!definition || !cron) throw new Error(`No cron function "${functionId}"`);
    const now = this.clock.now();
    await insertJobRequests(this.db, [
      this.planner.cronTick(definition, cron, now, `cron:${this.queue}:${definition.id}:now:${randomUUID()}`),
    ]);
    this.wake();
  }

  /** Attempts executing in this process now. */
  get executingRuns() {
    return this.executing.size;
  }

  /** Resolves once nothing executes and the loop waits on a timer: tests advance a manual clock then. */
  async whenIdle() {
    this.start();
    while (this.executing.size > 0 || !this.parked || this.wakePending || this.pendingSends > 0)
      await new Promise((r) => setImmediate(r));
  }

  /** Runs of this runtime's queue not finished yet: queued (waiting, sleeping, retrying) or running. */
  unfinished() {
    return unfinishedJobCount(this.db, this.queue);
  }

  /** Resolves once the queue holds nothing unfinished (retries and waits included), on a real clock. */
  async settled({ timeoutMs = 60_000, intervalMs = 25 } = {}) {
    this.start();
    const deadline = Date.now() + timeoutMs;
    while ((await unfinishedJobCount(this.db, this.queue)) > 0 || this.executing.size > 0) {
      if (Date.now() > deadline) throw new Error(`Jobs of queue ${this.queue} still unfinished after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /**
   * Stops claiming and the crons; attempts already executing finish (up to `timeoutMs`). Queued and
   * waiting runs stay in the table for the next start. Returns how many attempts finished and how many
   * were still executing when it gave up (their claims lapse and a later process resumes them).
   */
  async shutdown({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}) {
    const alive = [...this.executing.values()];
    this.stop.abort(new RunAbandonedError("The job runtime shut down"));
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
    await Promise.race([Promise.allSettled(alive), timedOut]);
    clearTimeout(timer);
    await this.loop?.catch(() => undefined);
    return { drained: alive.length - this.executing.size, leftRunning: this.executing.size };
  }

  /**
   * As kill -9 would leave things: stops at once, writes nothing more (no step result, no release).
   * Tests start another runtime on the same database to prove the work resumes.
   */
  kill() {
    this.killed = true;
    this.stop.abort(new RunAbandonedError("The job runtime was killed"));
    this.wake();
  }

  private async record(db: DbOrTx, events: SendableEvent[]): Promise<string[]> {
    if (this.stop.signal.aborted) throw new JobRuntimeStoppedError("The job runtime is shutting down");
    this.pendingSends++;
    try {
      const now = this.clock.now();
      const rows = await this.planner.plan(events, now);
      const ids: string[] = [];
      const fresh = [];
      for (const { debounceMs, ...row } of rows) {
        const joined =
          row.debounceKey &&
          (await joinDebouncedJob(db, row.debounceKey, {
            eventData: row.eventData,
            runAfter: row.runAfter,
            deadlineMs: debounceMs ?? null,
          }));
        if (joined) ids.push(joined);
        else fresh.push(row);
      }
      ids.push(...(await insertJobRequests(db, fresh)));
      return ids;
    } finally {
      this.pendingSends--;
    }
  }

  private wake() {
    this.wakePending = true;
    this.wakeUp?.();
  }

  private get alive() {
    return !this.stop.signal.aborted;
  }

  private async run() {
    await reclaimLapsedJobs(this.db, { queue: this.queue, now: this.clock.now(), all: this.options.exclusiveDatabase });
    while (this.alive) {
      this.wakePending = false;
      try {
        await this.claimWhatFits();
      } catch (error) {
        if (!this.alive) break;
        console.error(`[jobs] claiming work failed: ${describe(error).message}`);
      }
      if (this.wakePending) continue;
      let delay = this.pollMs ?? Infinity;
      try {
        const due = await nextJobDueAt(this.db, this.queue, this.clock.now(), this.processId);
        if (due) delay = Math.min(delay, Math.max(0, due.getTime() - this.clock.now().getTime()));
      } catch {
        delay = Math.min(delay, 1_000);
      }
      if (this.executing.size >= this.workers) delay = Infinity; // a finishing attempt wakes the loop
      if (this.wakePending) continue;
      await this.park(delay);
    }
  }

  private async park(delayMs: number) {
    const timer = new AbortController();
    const woken = new Promise<void>((resolve) => (this.wakeUp = resolve));
    this.parked = true;
    try {
      await Promise.race([
        woken,
        Number.isFinite(delayMs)
          ? this.clock.sleep(delayMs, timer.signal).catch(() => undefined)
          : new Promise(() => {}),
      ]);
    } finally {
      this.parked = false;
      this.wakeUp = null;
      timer.abort();
    }
  }

  /**
   * Fills the free workers: each query claims as many due rows as there are free workers (bulk ones up
   * to the bulk workers left), so an idle runtime starts a fan-out's runs a batch at a time.
   */
  private async claimWhatFits() {
    await reclaimLapsedJobs(this.db, { queue: this.queue, now: this.clock.now() });
    let contentions = 0;
    while (this.alive && this.executing.size < this.workers) {
      const now = this.clock.now();
      const { rows, contended } = await claimDueJobs(this.db, {
        queue: this.queue,
        now,
        leaseUntil: new Date(now.getTime() + this.leaseMs),
        leasedBy: this.processId,
        limit: this.workers - this.executing.size,
        bulkLimit: this.bulkWorkers - this.executingBulk,
      });
      // Another process took a row of the same key at the same moment: look again (a few times).
      if (contended && ++contentions <= 3) continue;
      if (rows.length === 0) return;
      for (const row of rows) this.begin(row);
    }
  }

  private begin(row: JobRequestRow) {
    const bulk = row.priority >= PRIORITY_BULK;
    if (bulk) this.executingBulk++;
    const attempt = this.attempt(row).finally(() => {
      this.executing.delete(row.id);
      if (bulk) this.executingBulk--;
      this.wake();
    });
    this.executing.set(row.id, attempt);
  }

  /** One attempt of one claimed run (or, once it is exhausted, its onFailure handler). */
  private async attempt(row: JobRequestRow) {
    const definition = this.byId.get(row.functionId!);
    if (!definition) {
      await finishJob(this.db, row.id, this.processId, { state: "failed", finishedAt: this.clock.now() });
      console.error(`[jobs] no function "${row.functionId}" in this version: run ${row.id} dropped`);
      return;
    }
    const runEvent = event(row);
    const record = this.recordOf(row, definition, runEvent);
    const stopHeartbeat = startLeaseHeartbeat({
      db: this.db,
      runId: row.id,
      processId: this.processId,
      clock: this.clock,
      leaseMs: this.leaseMs,
      killed: () => this.killed,
    });
    try {
      if (row.attempt > definition.retries) return await this.fail(row, definition, record, row.lastError);
      if (this.recordedAttempt.get(row.id) !== row.attempt) {
        record.attempts.push({ startedAt: this.clock.now() });
        this.recordedAttempt.set(row.id, row.attempt);
      }
      const memo = new Map(Object.entries(row.steps));
      const save = async () => {
        if (!this.killed) await saveJobSteps(this.db, row.id, this.processId, Object.fromEntries(memo));
      };
      const step = createStepTools(memo, {
        clock: this.clock,
        signal: this.stop.signal,
        send: (events, stepKey) => this.send(sentByStep(row.id, stepKey, events as SendableEvent | SendableEvent[])),
        saved: save,
      });
      try {
        const result = await definition.handler({
          event: runEvent,
          events: [runEvent],
          step,
          runId: row.id,
          attempt: row.attempt,
          logger: console,
        });
        if (this.killed) return;
        await finishJob(this.db, row.id, this.processId, {
          state: "succeeded",
          finishedAt: this.clock.now(),
          steps: Object.fromEntries(memo),
        });
        this.finished(record, "succeeded", asJson(result));
      } catch (error) {
        if (this.killed) return;
        if (error instanceof SleepRequested) {
          memo.set(error.stepKey, null);
          record.sleeps.push({ id: error.stepKey.replace(/:\d+$/, ""), ms: error.ms, at: this.clock.now() });
          const until = new Date(this.clock.now().getTime() + error.ms);
          await requeueJob(this.db, row.id, this.processId, {
            runAfter: until,
            attempt: row.attempt,
            steps: Object.fromEntries(memo),
            waitReason: `sleeping until ${until.toISOString()} (${error.stepKey})`,
          });
          return;
        }
        if (error instanceof RunAbandonedError) {
          // Shutting down mid-run: back to the queue as it stands (its steps are saved).
          await requeueJob(this.db, row.id, this.processId, {
            runAfter: this.clock.now(),
            attempt: row.attempt,
            steps: Object.fromEntries(memo),
            waitReason: "interrupted by a shutdown",
          });
          return;
        }
        const failure = describe(error);
        record.attempts.at(-1)!.error = failure;
        if (isNonRetriable(error) || row.attempt >= definition.retries) {
          console.error(
            `[jobs] ${definition.id} failed after ${row.attempt + 1} attempt(s): ${failure.name}: ${failure.message}`,
          );
          await markJobExhausted(this.db, row.id, this.processId, {
            attempt: definition.retries + 1,
            lastError: failure,
          });
          return await this.fail(row, definition, record, failure, error);
        }
        const delay = retryDelay(error, row.attempt, this.clock.now(), this.backoff);
        const at = new Date(this.clock.now().getTime() + delay);
        // A run that keeps failing would otherwise stay silent until its last attempt, minutes later.
        console.warn(
          `[jobs] ${definition.id} attempt ${row.attempt + 1} of ${definition.retries + 1} failed (${failure.name}: ${failure.message}); retrying in ${Math.round(delay / 1000)} s`,
        );
        await requeueJob(this.db, row.id, this.processId, {
          runAfter: at,
          attempt: row.attempt + 1,
          steps: Object.fromEntries(memo),
          lastError: failure,
          waitReason: `retrying at ${at.toISOString()} after ${failure.name}`,
        });
      }
    } catch (error) {
      // The table could not be written (the database went away): the claim lapses and a later claim resumes.
      if (!this.killed) console.error(`[jobs] run ${row.id} of ${definition.id}: ${describe(error).message}`);
    } finally {
      stopHeartbeat();
    }
  }

  /** Failed for good: its onFailure handler (one retry, as Inngest gives it), then the row is closed. */
  private async fail(
    row: JobRequestRow,
    definition: FunctionDefinition,
    record: RunRecord,
    failure: { name: string; message: string } | null,
    error?: unknown,
  ) {
    if (definition.onFailure) {
      const failed =
        error instanceof Error
          ? error
          : Object.assign(new Error(failure?.message ?? "failed"), { name: failure?.name ?? "Error" });
      record.failureHandler = await runFailureHandler(
        definition,
        { runId: row.id, event: event(row), error: failed },
        { clock: this.clock, signal: this.stop.signal, send: (events) => this.send(events as SendableEvent[]) },
      );
      if (this.killed) return;
    }
    await finishJob(this.db, row.id, this.processId, { state: "failed", finishedAt: this.clock.now() });
    this.finished(record, "failed");
  }

  private recordOf(row: JobRequestRow, definition: FunctionDefinition, runEvent: RunEvent): RunRecord {
    let record = this.records.get(row.id);
    if (!record) {
      record = {
        runId: row.id,
        functionId: definition.id,
        event: runEvent,
        status: "failed",
        attempts: [],
        sleeps: [],
      };
      this.records.set(row.id, record);
    }
    return record;
  }

  private finished(record: RunRecord, status: RunRecord["status"], result?: unknown) {
    record.status = status;
    if (result !== undefined) record.result = result;
    record.finishedAt = this.clock.now();
    this.records.delete(record.runId);
    this.recordedAttempt.delete(record.runId);
    this.options.onRunFinished?.(record);
  }

  /**
   * Records each tick as a row whose idempotency key names the function and the tick, so with several
   * processes on one database the tick still runs once.
   */
  private async recordCronTick(definition: FunctionDefinition, schedule: CronSchedule, at: Date) {
    this.pendingSends++; // counted from the tick, so whenIdle waits for the row
    try {
      const key = `cron:${this.queue}:${definition.id}:${at.toISOString()}`;
      await insertJobRequests(this.db, [this.planner.cronTick(definition, schedule.expression, at, key)]);
      this.wake();
    } catch (error) {
      if (this.alive) console.error(`[jobs] ${definition.id}: cron tick not recorded: ${describe(error).message}`);
    } finally {
      this.pendingSends--;
    }
  }
}

const event = (row: JobRequestRow): RunEvent => ({
  id: row.id,
  name: row.eventName,
  data: row.eventData,
  ts: row.createdAt.getTime(),
});

/**
 * A step's events carry ids made of the run and the step (unless the function gave them one): a process
 * killed after recording them but before saving the step's result sends the same events again when the
 * run resumes, and their idempotency keys drop the repeat.
 */
function sentByStep(runId: string, stepKey: string | undefined, events: SendableEvent | SendableEvent[]) {
  if (stepKey === undefined) return events;
  return [events].flat().map((e, n) => (e.id ? e : { ...e, id: `step:${runId}:${stepKey}:${n}` }));
}

const describe = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message } : { name: "Error", message: String(error) };

const isNonRetriable = (error: unknown) =>
  error instanceof NonRetriableError || (error as Error | null)?.name === "NonRetriableError";

export { CRON_EVENT };

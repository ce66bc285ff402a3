import { randomUUID } from "node:crypto";
import { NonRetriableError, type InngestFunction, type StandardSchemaV1 } from "inngest";
import { systemClock, type Clock } from "./clock";
import { nextCronTime, parseCron } from "./cron";
import { InvalidJobEventError, JobQueueFullError, JobRuntimeStoppedError, RunAbandonedError } from "./errors";
import { readFunction, type FunctionDefinition, type RunEvent } from "./function-definition";
import { defaultBackoff, retryDelay, type Backoff } from "./retry-delay";
import { Slots } from "./slots";
import { asJson, createStepTools } from "./step-tools";

export type SendableEvent = { name: string; data?: Record<string, unknown>; id?: string };

export type AttemptRecord = { startedAt: Date; error?: { name: string; message: string } };
/** What happened to one run; `onRunFinished` receives it (tests read it, the app logs failures). */
export type RunRecord = {
  runId: string;
  functionId: string;
  event: RunEvent;
  status: "succeeded" | "failed" | "abandoned";
  attempts: AttemptRecord[];
  sleeps: { id: string; ms: number; at: Date }[];
  result?: unknown;
  /** The function's `onFailure` handler, when the run failed and the function has one. */
  failureHandler?: { status: "succeeded" | "failed"; result?: unknown; error?: { name: string; message: string } };
  finishedAt?: Date;
};

export type InProcessRuntimeOptions = {
  functions: InngestFunction.Any[];
  clock?: Clock;
  /** Runs executing at once, across all functions (default 8). */
  workers?: number;
  /** Runs alive at once (queued, executing, sleeping or waiting to retry); `send` rejects beyond it. */
  maxRuns?: number;
  backoff?: Backoff;
  onRunFinished?: (run: RunRecord) => void;
};

const cronEventName = "inngest/scheduled.timer";
const failureEventName = "inngest/function.failed";
/**
 * Runs executing at once by default. The jobs wait on Graph and the database far more than they
 * compute, so the hourly pulls of many connections overlap (each connection still one at a time,
 * by the functions' own concurrency keys); within PostgreSQL's pool of 10.
 */
const DEFAULT_WORKERS = 8;

/**
 * Runs the app's Inngest functions inside this process when no Inngest server is configured:
 * the same function objects, their handlers called with an in-process `step` (see step-tools),
 * their `concurrency`, `debounce`, `retries`, `RetryAfterError` and `NonRetriableError` honoured,
 * their crons on timers. Bounded: at most `maxRuns` runs alive, `workers` executing; a `send` that
 * would exceed the bound rejects with JobQueueFullError (it never waits, so a job sending events
 * cannot deadlock the queue it waits on; the schedules converge whatever a refused event missed).
 */
export class InProcessRuntime {
  private readonly clock: Clock;
  private readonly definitions: FunctionDefinition[];
  private readonly byEvent = new Map<string, FunctionDefinition[]>();
  private readonly slots: Slots;
  private readonly maxRuns: number;
  private readonly backoff: Backoff;
  private readonly stop = new AbortController();
  private readonly runs = new Set<Promise<void>>();
  /** Debounced events waiting for their period, by function and key: a later event replaces the one held. */
  private readonly debounced = new Map<string, { event: RunEvent; dueAt: number; deadline: number }>();
  private waiting = 0;
  private started = false;

  constructor(private readonly options: InProcessRuntimeOptions) {
    this.clock = options.clock ?? systemClock;
    this.slots = new Slots(options.workers ?? DEFAULT_WORKERS);
    this.maxRuns = options.maxRuns ?? 500;
    this.backoff = options.backoff ?? defaultBackoff;
    this.definitions = options.functions.map(readFunction);
    for (const definition of this.definitions) {
      for (const event of definition.events)
        this.byEvent.set(event.name, [...(this.byEvent.get(event.name) ?? []), definition]);
      for (const cron of definition.crons) parseCron(cron); // refuse an unreadable cadence at start-up
    }
  }

  /** Starts the cron timers (sends work without it). */
  start() {
    if (this.started) return;
    this.started = true;
    for (const definition of this.definitions)
      for (const cron of definition.crons) void this.cronLoop(definition, cron);
  }

  get liveRuns() {
    return this.runs.size;
  }

  /** Validates the events against their functions' schemas and queues one run per triggered function. */
  async send(input: SendableEvent | SendableEvent[]): Promise<{ ids: string[] }> {
    if (this.stop.signal.aborted) throw new JobRuntimeStoppedError("The job runtime is shutting down");
    const planned: [FunctionDefinition, RunEvent][] = [];
    const ids: string[] = [];
    for (const sent of [input].flat()) {
      const definitions = this.byEvent.get(sent.name) ?? [];
      let data = sent.data ?? {};
      for (const schema of new Set(definitions.map((d) => d.events.find((e) => e.name === sent.name)!.schema))) {
        if (schema) data = await validated(schema, sent.name, data);
      }
      const event: RunEvent = { id: sent.id ?? randomUUID(), name: sent.name, data, ts: this.clock.now().getTime() };
      ids.push(event.id);
      for (const definition of definitions) planned.push([definition, event]);
    }
    this.enqueue(planned);
    return { ids };
  }

  /**
   * Runs a cron function now, as its schedule would (a bench or an operator does not wait for the
   * hour). Rejects like `send` when the queue is full; unknown or event-triggered functions throw.
   */
  runCronNow(functionId: string) {
    const definition = this.definitions.find((d) => d.id === functionId || d.id.endsWith(`-${functionId}`));
    const cron = definition?.crons[0];
    if (!definition || !cron) throw new Error(`No cron function "${functionId}"`);
    const now = this.clock.now().getTime();
    this.enqueue([[definition, { id: randomUUID(), name: cronEventName, data: { cron }, ts: now }]]);
  }

  /** Resolves once every live run is waiting on a timer (or none is left): tests advance the clock then. */
  async whenIdle() {
    while (this.waiting < this.runs.size || this.slots.active > 0) await new Promise((r) => setImmediate(r));
  }

  /**
   * Stops crons and refuses new events; runs already queued or executing finish (up to
   * `timeoutMs`); runs sleeping or waiting to retry are abandoned, since their timers may be hours
   * away. Returns how many runs finished and how many were still alive when it gave up.
   */
  async shutdown({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}) {
    this.stop.abort(new RunAbandonedError("The job runtime shut down"));
    const alive = [...this.runs];
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
    await Promise.race([Promise.allSettled(alive), timedOut]);
    clearTimeout(timer);
    return { drained: alive.length - this.runs.size, leftRunning: this.runs.size };
  }

  private enqueue(planned: [FunctionDefinition, RunEvent][]) {
    if (this.runs.size + planned.length > this.maxRuns)
      throw new JobQueueFullError(`The job queue is full (${this.runs.size} of ${this.maxRuns} runs alive)`);
    for (const [definition, event] of planned) {
      if (definition.debounce && this.joinDebounce(definition, event)) continue;
      const work = definition.debounce ? this.debounce(definition, event) : this.execute(definition, event);
      const run: Promise<void> = work.finally(() => this.runs.delete(run));
      this.runs.add(run);
    }
  }

  /** Replaces the event a debounce holds for this key and pushes its start back; false when none is held. */
  private joinDebounce(definition: FunctionDefinition, event: RunEvent): boolean {
    const held = this.debounced.get(debounceKey(definition, event));
    if (!held) return false;
    held.event = event;
    held.dueAt = Math.min(this.clock.now().getTime() + definition.debounce!.periodMs, held.deadline);
    return true;
  }

  /** Waits until no event came for the period (or the timeout passed), then runs once with the latest event. */
  private async debounce(definition: FunctionDefinition, first: RunEvent) {
    const key = debounceKey(definition, first);
    const { periodMs, timeoutMs } = definition.debounce!;
    const now = this.clock.now().getTime();
    const held = { event: first, dueAt: now + periodMs, deadline: timeoutMs === null ? Infinity : now + timeoutMs };
    this.debounced.set(key, held);
    try {
      for (let left = periodMs; left > 0; left = held.dueAt - this.clock.now().getTime()) await this.wait(left);
    } catch {
      return; // shutting down: the held event is abandoned, like a sleeping run
    } finally {
      this.debounced.delete(key);
    }
    await this.execute(definition, held.event);
  }

  private async wait(ms: number) {
    this.waiting++;
    try {
      await this.clock.sleep(ms, this.stop.signal);
    } finally {
      this.waiting--;
    }
  }

  private async execute(definition: FunctionDefinition, event: RunEvent) {
    const record: RunRecord = {
      runId: randomUUID(),
      functionId: definition.id,
      event,
      status: "failed",
      attempts: [],
      sleeps: [],
    };
    const claims = definition.claims(event);
    const memo = new Map<string, unknown>();
    let failedWith: unknown;
    try {
      for (let attempt = 0; ; attempt++) {
        let release = await this.slots.acquire(claims);
        const startedAt = this.clock.now();
        const step = createStepTools(memo, {
          clock: this.clock,
          signal: this.stop.signal,
          send: (events) => this.send(events as SendableEvent | SendableEvent[]),
          onSleep: (id, ms) => record.sleeps.push({ id, ms, at: this.clock.now() }),
          pause: async (wait) => {
            release();
            try {
              this.waiting++;
              try {
                await wait();
              } finally {
                this.waiting--;
              }
            } finally {
              release = await this.slots.acquire(claims);
            }
          },
        });
        let delay: number;
        try {
          const result = await definition.handler({
            event,
            events: [event],
            step,
            runId: record.runId,
            attempt,
            logger: console,
          });
          record.attempts.push({ startedAt });
          record.status = "succeeded";
          record.result = asJson(result);
          return;
        } catch (error) {
          record.attempts.push({ startedAt, error: describe(error) });
          if (error instanceof RunAbandonedError) {
            record.status = "abandoned";
            return;
          }
          if (isNonRetriable(error) || attempt >= definition.retries) {
            console.error(
              `[jobs] ${definition.id} failed after ${attempt + 1} attempt(s): ${describe(error).name}: ${describe(error).message}`,
            );
            failedWith = error;
            return;
          }
          delay = retryDelay(error, attempt, this.clock.now(), this.backoff);
          // A run that keeps failing would otherwise stay silent until its last attempt, minutes later.
          console.warn(
            `[jobs] ${definition.id} attempt ${attempt + 1} of ${definition.retries + 1} failed (${describe(error).name}: ${describe(error).message}); retrying in ${Math.round(delay / 1000)} s`,
          );
        } finally {
          release();
        }
        try {
          await this.wait(delay);
        } catch {
          record.status = "abandoned";
          return;
        }
      }
    } finally {
      if (failedWith !== undefined && definition.onFailure)
        record.failureHandler = await this.runFailureHandler(definition, record, failedWith);
      record.finishedAt = this.clock.now();
      this.options.onRunFinished?.(record);
    }
  }

  /**
   * Inngest's `onFailure`: once a run has failed for good, its handler runs with the
   * `inngest/function.failed` event (the original event in `data.event`) and the final error, as a
   * separate run outside the function's concurrency keys. One retry, as Inngest gives it.
   */
  private async runFailureHandler(
    definition: FunctionDefinition,
    record: RunRecord,
    error: unknown,
  ): Promise<NonNullable<RunRecord["failureHandler"]>> {
    const failed = error instanceof Error ? error : new Error(String(error));
    const event: RunEvent = {
      id: randomUUID(),
      name: failureEventName,
      data: {
        function_id: definition.id,
        run_id: record.runId,
        error: { name: failed.name, message: failed.message, stack: failed.stack },
        event: record.event,
      },
      ts: this.clock.now().getTime(),
    };
    const memo = new Map<string, unknown>();
    let last: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      let release = await this.slots.acquire([]);
      const step = createStepTools(memo, {
        clock: this.clock,
        signal: this.stop.signal,
        send: (events) => this.send(events as SendableEvent | SendableEvent[]),
        onSleep: () => undefined,
        pause: async (wait) => {
          release();
          try {
            await wait();
          } finally {
            release = await this.slots.acquire([]);
          }
        },
      });
      try {
        const result = await definition.onFailure!({
          event,
          events: [event],
          error: failed,
          step,
          runId: randomUUID(),
          attempt,
          logger: console,
        });
        return { status: "succeeded", result: asJson(result) };
      } catch (thrown) {
        last = thrown;
      } finally {
        release();
      }
    }
    console.error(`[jobs] ${definition.id}: its onFailure handler failed: ${describe(last).message}`);
    return { status: "failed", error: describe(last) };
  }

  private async cronLoop(definition: FunctionDefinition, cron: string) {
    const schedule = parseCron(cron);
    while (!this.stop.signal.aborted) {
      const next = nextCronTime(schedule, this.clock.now());
      try {
        await this.clock.sleep(next.getTime() - this.clock.now().getTime(), this.stop.signal);
      } catch {
        return;
      }
      try {
        this.enqueue([[definition, { id: randomUUID(), name: cronEventName, data: { cron }, ts: next.getTime() }]]);
      } catch (error) {
        // A full queue skips this tick; the next one catches up, as the jobs are idempotent.
        console.error(`[jobs] ${definition.id}: cron tick skipped: ${describe(error).message}`);
      }
    }
  }
}

const debounceKey = (definition: FunctionDefinition, event: RunEvent) =>
  `${definition.id}:${definition.debounce!.key(event)}`;

const describe = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message } : { name: "Error", message: String(error) };

const isNonRetriable = (error: unknown) =>
  error instanceof NonRetriableError || (error as Error | null)?.name === "NonRetriableError";

async function validated(schema: StandardSchemaV1, name: string, data: Record<string, unknown>) {
  const result = await schema["~standard"].validate(data);
  if (result.issues) throw new InvalidJobEventError(`Event ${name}: ${result.issues.map((i) => i.message).join("; ")}`);
  return result.value as Record<string, unknown>;
}

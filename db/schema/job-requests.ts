import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, smallint, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { instant } from "./columns";

/**
 * Background work, recorded in the transaction that made it necessary (the outbox): a committed change
 * always has its job, whatever happens to the process after the commit. Each row is one run of one
 * function (in-process) or one event to hand to Inngest (`function_id` null). The in-process runtime
 * claims due rows, runs them and writes their steps back, so a killed or restarted process resumes
 * them; with Inngest configured the relay sends them with the row id as the event id (Inngest
 * deduplicates by it). docs/decisions/0001-durable-jobs.md says why a table of our own.
 */
export const jobRequests = pgTable(
  "job_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Insertion order: among rows due together, first recorded runs first. */
    seq: integer("seq").generatedAlwaysAsIdentity(),
    /**
     * Which runtime claims it: "default" in the app; a test gives its runtime a queue of its own, so the
     * test files sharing one PostgreSQL database never run each other's jobs.
     */
    queue: text("queue").notNull().default("default"),
    eventName: text("event_name").notNull(),
    eventData: jsonb("event_data").$type<Record<string, unknown>>().notNull(),
    /** The function this row runs in-process; null: an event for Inngest (the relay sends it). */
    functionId: text("function_id"),
    /** At most one running row per key (the function's `concurrency: { key, limit: 1 }`). */
    concurrencyKey: text("concurrency_key"),
    /** A debounced function's key: a new event joins the queued row instead of adding one. */
    debounceKey: text("debounce_key"),
    /** Set once: a second record with the same key is dropped (cron ticks across processes, relays). */
    idempotencyKey: text("idempotency_key"),
    /** 0: a person is waiting (Sync Calendar, Remove Calendar, a booking); 1: bulk (hourly fan-outs, sweeps). */
    priority: smallint("priority").notNull().default(0),
    /** queued → running → succeeded | failed; `relayed`: handed to Inngest. */
    state: text("state", { enum: ["queued", "running", "succeeded", "failed", "relayed"] })
      .notNull()
      .default("queued"),
    /** Not before: a retry's backoff or Retry-After, a step.sleep, a debounce period. */
    runAfter: instant("run_after").notNull().defaultNow(),
    /** Attempts made so far (a retry increments it). */
    attempt: integer("attempt").notNull().default(0),
    /** While running: the claiming process and how long its claim holds unless renewed (kill -9 lets it lapse). */
    leasedBy: text("leased_by"),
    leaseUntil: instant("lease_until"),
    /** The memoised results of the steps done so far, by step id: a resumed run skips them. */
    steps: jsonb("steps").$type<Record<string, unknown>>().notNull().default({}),
    lastError: jsonb("last_error").$type<{ name: string; message: string }>(),
    /** The latest step.sleep or retry wait, for the admin's "retrying at …". */
    waitReason: text("wait_reason"),
    createdAt: instant("created_at").notNull().defaultNow(),
    finishedAt: instant("finished_at"),
  },
  (t) => [
    index("job_requests_due_idx")
      .on(t.queue, t.priority, t.runAfter, t.seq)
      .where(sql`${t.state} = 'queued'`),
    index("job_requests_lease_idx")
      .on(t.leaseUntil)
      .where(sql`${t.state} = 'running'`),
    // The database, not the claiming code, holds a function to one run per key: two processes that
    // claim together cannot both win.
    uniqueIndex("job_requests_one_running_per_key")
      .on(t.concurrencyKey)
      .where(sql`${t.state} = 'running'`),
    uniqueIndex("job_requests_idempotency_idx").on(t.idempotencyKey),
    index("job_requests_debounce_idx")
      .on(t.debounceKey)
      .where(sql`${t.state} = 'queued'`),
    index("job_requests_finished_idx").on(t.finishedAt),
    check("job_requests_state_known", sql`${t.state} in ('queued', 'running', 'succeeded', 'failed', 'relayed')`),
  ],
);

export type JobRequestRow = typeof jobRequests.$inferSelect;

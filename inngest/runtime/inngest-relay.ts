import { insertJobRequests, markJobsRelayed, relayCandidates } from "@/db/queries/job-requests";
import type { DbOrTx } from "@/db/types";
import type { Jobs } from "@/lib/jobs/jobs";
import { JobPlanner, type SendableEvent } from "./job-planner";
import type { InngestFunction } from "inngest";
import { readFunction } from "./function-definition";

type InngestSend = (events: { id: string; name: string; data: Record<string, unknown> }[]) => Promise<unknown>;

const BATCH = 100;
/** A row a flush is about to send is left alone by the timer and the sweep for this long. */
const FLUSH_GRACE_MS = 5_000;

/**
 * Inngest configured: job requests are recorded like in-process ones (in the sender's transaction),
 * then relayed. Each row goes to Inngest with its id as the event id, so a row sent twice (a flush
 * and the timer, or a crash between sending and marking) is one event to Inngest, which deduplicates
 * by id. At least once, idempotent by key; the functions themselves run on Inngest.
 */
export class InngestRelay {
  private readonly planner: JobPlanner;
  private timer: NodeJS.Timeout | null = null;

  /** `functions`: the app's, for their events' schemas (payloads are validated before they are recorded). */
  constructor(
    private readonly options: { db: DbOrTx; functions: InngestFunction.Any[]; send: InngestSend; now?: () => Date },
  ) {
    this.planner = new JobPlanner(options.functions.map(readFunction), { queue: "default", relay: true });
  }

  private now = () => this.options.now?.() ?? new Date();

  readonly jobs: Jobs = {
    recordsInTransaction: true,
    send: async (events, options) => {
      const ids = await this.record(options?.db ?? this.options.db, [events].flat());
      // Outside a transaction the rows are already committed: relay them now.
      if (!options?.db) await this.flush(ids).catch(() => undefined);
    },
    committed: () => void this.flush().catch(() => undefined),
    redeliver: () => this.relayLeftovers(),
  };

  async record(db: DbOrTx, events: SendableEvent[]) {
    const rows = await this.planner.plan(events, this.now());
    return insertJobRequests(
      db,
      rows.map(({ debounceMs: _, ...row }) => row),
    );
  }

  /** Sends waiting rows (these ids, or every one waiting) and marks them relayed; returns how many went. */
  async flush(ids?: string[], { olderThan }: { olderThan?: Date } = {}) {
    if (ids?.length === 0) return 0;
    let sent = 0;
    for (;;) {
      const rows = await relayCandidates(this.options.db, { ids, olderThan, limit: BATCH });
      if (rows.length === 0) return sent;
      await this.options.send(rows.map((r) => ({ id: r.id, name: r.eventName, data: r.eventData })));
      await markJobsRelayed(
        this.options.db,
        rows.map((r) => r.id),
        this.now(),
      );
      sent += rows.length;
      if (ids || rows.length < BATCH) return sent;
    }
  }

  /** Sends what a flush missed (Inngest was unreachable, the process stopped between commit and flush). */
  relayLeftovers() {
    return this.flush(undefined, { olderThan: new Date(this.now().getTime() - FLUSH_GRACE_MS) });
  }

  /** On a long-lived host, leftovers are retried every few seconds; the sweep does it everywhere. */
  startTimer(everyMs = 5_000) {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.relayLeftovers().catch((error: unknown) =>
        console.warn(`[jobs] relaying to Inngest failed, retrying: ${(error as Error).message}`),
      );
    }, everyMs);
    this.timer.unref?.();
  }

  stopTimer() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

import type { Context, Middleware, MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import type { MailboxLimiter } from "./mailbox-limiter";
import type { GraphRequestRecord } from "./request-counter";

/** Per-request option: how many of the mailbox's slots the request needs (a `$batch` needs more). */
export class MailboxSlots implements MiddlewareOptions {
  constructor(
    readonly slots: number,
    readonly batchSize?: number,
  ) {}
}

/**
 * The last middleware before the network: every attempt waits for a slot of its mailbox, is
 * counted, and gives the slot back as soon as the answer arrives (so a retry's wait holds no slot).
 */
export class MailboxGate implements Middleware {
  private next?: Middleware;
  private readonly attempts = new WeakMap<Context, number>();

  constructor(
    private readonly connectionId: string,
    private readonly mailbox: string,
    private readonly limiter: MailboxLimiter,
    private readonly onRequest: (request: GraphRequestRecord) => void,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const option = context.middlewareControl?.getMiddlewareOptions(MailboxSlots);
    const slots = option instanceof MailboxSlots ? option : undefined;
    const attempt = (this.attempts.get(context) ?? 0) + 1;
    this.attempts.set(context, attempt);
    const release = await this.limiter.acquire(this.mailbox, slots?.slots ?? 1);
    const started = performance.now();
    let status: number | null = null;
    try {
      await this.next!.execute(context);
      status = context.response?.status ?? null;
    } finally {
      await release();
      const url = new URL(typeof context.request === "string" ? context.request : context.request.url);
      this.onRequest({
        connectionId: this.connectionId,
        method: (context.options?.method ?? "GET").toUpperCase(),
        path: url.pathname + url.search,
        status,
        attempt,
        durationMs: Math.round(performance.now() - started),
        ...(slots?.batchSize ? { batchSize: slots.batchSize } : {}),
      });
    }
  }
}

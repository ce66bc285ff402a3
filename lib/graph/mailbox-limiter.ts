/**
 * Outlook allows 4 concurrent requests per app and mailbox and answers the fifth with 429
 * `MailboxConcurrency` (reference §8). Every Graph request takes a slot of its mailbox first, so we
 * queue instead of being throttled. A `$batch` takes as many slots as sub-requests Outlook runs at
 * once (up to 4, §7).
 */
export const MAILBOX_CONCURRENCY = 4;

/** Gives the slots back; call exactly once. */
export type ReleaseSlots = () => Promise<void>;

export type MailboxLimiter = {
  /** Waits until `slots` (1..4) of the mailbox's slots are free and takes them. */
  acquire(mailbox: string, slots?: number): Promise<ReleaseSlots>;
  close(): Promise<void>;
};

type Waiter = { slots: number; grant: () => void };
type Mailbox = { used: number; queue: Waiter[] };

/**
 * The limiter within one process: a counting semaphore per mailbox, first come first served (a
 * waiting batch is not overtaken by single requests, so it cannot starve).
 */
export class InProcessMailboxLimiter implements MailboxLimiter {
  private readonly mailboxes = new Map<string, Mailbox>();

  constructor(private readonly capacity = MAILBOX_CONCURRENCY) {}

  acquire(mailbox: string, slots = 1): Promise<ReleaseSlots> {
    const wanted = clampSlots(slots, this.capacity);
    const state = this.mailboxes.get(mailbox) ?? { used: 0, queue: [] };
    this.mailboxes.set(mailbox, state);
    return new Promise((resolve) => {
      state.queue.push({ slots: wanted, grant: () => resolve(this.releaser(mailbox, state, wanted)) });
      this.grant(state);
    });
  }

  /** Slots in use for the mailbox now (for tests and diagnostics). */
  inUse(mailbox: string): number {
    return this.mailboxes.get(mailbox)?.used ?? 0;
  }

  async close(): Promise<void> {}

  private grant(state: Mailbox): void {
    for (let next = state.queue[0]; next && state.used + next.slots <= this.capacity; next = state.queue[0]) {
      state.queue.shift();
      state.used += next.slots;
      next.grant();
    }
  }

  private releaser(mailbox: string, state: Mailbox, slots: number): ReleaseSlots {
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      state.used -= slots;
      this.grant(state);
      if (state.used === 0 && state.queue.length === 0) this.mailboxes.delete(mailbox);
    };
  }
}

export function clampSlots(slots: number, capacity = MAILBOX_CONCURRENCY): number {
  return Math.min(capacity, Math.max(1, Math.floor(slots)));
}

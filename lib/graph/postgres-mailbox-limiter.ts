import { createHash } from "node:crypto";
import postgres from "postgres";
import {
  InProcessMailboxLimiter,
  MAILBOX_CONCURRENCY,
  clampSlots,
  type MailboxLimiter,
  type ReleaseSlots,
} from "./mailbox-limiter";

/**
 * The mailbox limit across every instance sharing one PostgreSQL database. A mailbox has 4 slots,
 * each a session-level advisory lock `(hash(mailbox), slot)`; a request holds one pooled connection
 * with its lock(s) for as long as it runs. PostgreSQL drops a session's locks when its connection
 * ends, so a crashed instance never leaks slots (a counter table would need expiry).
 *
 * Within the process requests first queue in an in-process limiter, so at most 4 per mailbox ask
 * PostgreSQL at a time; a try that finds no free slot gives its connection back to the pool and polls
 * again shortly. The pool size (`maxConnections`) is also the process's cap on Graph requests in
 * flight, the "modest global cap" reference §8 recommends. Two mailboxes whose hashes collide share
 * their 4 slots: harmless, only slower.
 */
export class PostgresMailboxLimiter implements MailboxLimiter {
  private readonly sql: postgres.Sql;
  private readonly local = new InProcessMailboxLimiter();

  constructor(
    databaseUrl: string,
    private readonly options: { maxConnections?: number; pollMs?: number } = {},
  ) {
    this.sql = postgres(databaseUrl, { max: options.maxConnections ?? 10, onnotice: () => {} });
  }

  async acquire(mailbox: string, slots = 1): Promise<ReleaseSlots> {
    const wanted = clampSlots(slots);
    const releaseLocal = await this.local.acquire(mailbox, wanted);
    try {
      const key = mailboxLockKey(mailbox);
      for (let attempt = 0; ; attempt++) {
        const held = await this.tryLock(key, wanted);
        if (held)
          return onceOnly(async () => {
            await held.release();
            await releaseLocal();
          });
        await sleep(this.pollDelay(attempt));
      }
    } catch (error) {
      await releaseLocal();
      throw error;
    }
  }

  /** Ends the pool; connections still holding slots are closed after `timeoutSeconds`. */
  async close(timeoutSeconds = 5): Promise<void> {
    await this.sql.end({ timeout: timeoutSeconds });
  }

  /** Takes `wanted` free slots on one connection, or none (and returns the connection to the pool). */
  private async tryLock(key: number, wanted: number): Promise<{ release: () => Promise<void> } | null> {
    const connection = await this.sql.reserve();
    const held: number[] = [];
    const unlockAll = async () => {
      try {
        for (const slot of held) await connection`select pg_advisory_unlock(${key}::int4, ${slot}::int4)`;
      } finally {
        connection.release();
      }
    };
    try {
      for (let slot = 0; slot < MAILBOX_CONCURRENCY && held.length < wanted; slot++) {
        const [row] = await connection<
          { locked: boolean }[]
        >`select pg_try_advisory_lock(${key}::int4, ${slot}::int4) as locked`;
        if (row?.locked) held.push(slot);
      }
    } catch (error) {
      await unlockAll().catch(() => {});
      throw error;
    }
    if (held.length === wanted) return { release: unlockAll };
    await unlockAll(); // partial: never wait while holding slots, or two batches could deadlock
    return null;
  }

  private pollDelay(attempt: number): number {
    const base = this.options.pollMs ?? 25;
    return Math.min(base * 2 ** Math.min(attempt, 3), 250) * (0.5 + Math.random());
  }
}

/** The first key of the two-int advisory lock: 32 bits of SHA-256 over a namespaced mailbox id. */
export function mailboxLockKey(mailbox: string): number {
  return createHash("sha256").update(`calendar-sync:graph-mailbox:${mailbox}`).digest().readInt32BE(0);
}

function onceOnly(release: ReleaseSlots): ReleaseSlots {
  let done: Promise<void> | undefined;
  return () => (done ??= release());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

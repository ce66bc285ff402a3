/**
 * Outlook throttling per app + mailbox (graph-behaviour.md §8, §13 item 8): at most 4 requests in
 * flight (429 ApplicationThrottled "Application is over its MailboxConcurrency limit.") and 10,000
 * per sliding 10 minutes (429 TooManyRequests). Retry-After is in seconds: 1 for concurrency
 * (observed, OBS msgraph-sdk-javascript#297), time until the window frees a slot for the rate.
 * Rejected requests still count toward the rate, as Graph says usage keeps accruing [DOC §8].
 */
import { applicationThrottled, tooManyRequests, type GraphError } from "./errors";

export type ThrottleConfig = {
  maxConcurrent: number;
  maxPerWindow: number;
  windowMs: number;
  concurrencyRetryAfterSeconds: number;
  countRejected: boolean;
};

export const defaultThrottleConfig: ThrottleConfig = {
  maxConcurrent: 4,
  maxPerWindow: 10_000,
  windowMs: 10 * 60_000,
  concurrencyRetryAfterSeconds: 1,
  countRejected: true,
};

export type ThrottleDecision =
  | { allowed: true; release: () => void }
  | { allowed: false; reason: "concurrency" | "rate"; retryAfterSeconds: number; error: GraphError };

/** Key for the limiter: one bucket per (application, mailbox). */
export const throttleKey = (appId: string, mailboxId: string) => `${appId}|${mailboxId}`;

export class Throttle {
  private readonly inFlight = new Map<string, number>();
  /** Request timestamps per key, oldest first. */
  private readonly history = new Map<string, number[]>();

  private cfg: ThrottleConfig;

  constructor(private readonly initial: ThrottleConfig = defaultThrottleConfig) {
    this.cfg = { ...initial };
  }

  /** Change limits at run time (POST /_emulator/throttle), e.g. a small request budget for a test; reset restores them. */
  configure(changes: Partial<ThrottleConfig>): ThrottleConfig {
    this.cfg = { ...this.cfg, ...changes };
    return { ...this.cfg };
  }

  /** Call when a request arrives; on `allowed`, call `release()` when its response is done. */
  acquire(key: string, now: number): ThrottleDecision {
    const times = this.history.get(key) ?? [];
    while (times.length > 0 && (times[0] ?? 0) <= now - this.cfg.windowMs) times.shift();
    this.history.set(key, times);
    if (times.length >= this.cfg.maxPerWindow) {
      if (this.cfg.countRejected) times.push(now);
      const oldest = times[0] ?? now;
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest + this.cfg.windowMs - now) / 1000));
      return { allowed: false, reason: "rate", retryAfterSeconds, error: tooManyRequests(retryAfterSeconds) };
    }
    const active = this.inFlight.get(key) ?? 0;
    if (active >= this.cfg.maxConcurrent) {
      if (this.cfg.countRejected) times.push(now);
      const s = this.cfg.concurrencyRetryAfterSeconds;
      return { allowed: false, reason: "concurrency", retryAfterSeconds: s, error: applicationThrottled(s) };
    }
    times.push(now);
    this.inFlight.set(key, active + 1);
    let released = false;
    return {
      allowed: true,
      release: () => {
        if (released) return; // idempotent: a double release must not free someone else's slot
        released = true;
        this.inFlight.set(key, Math.max(0, (this.inFlight.get(key) ?? 1) - 1));
      },
    };
  }

  inFlightCount(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }

  reset(): void {
    this.cfg = { ...this.initial };
    this.inFlight.clear();
    this.history.clear();
  }
}

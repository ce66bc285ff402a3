/** A limit a run must fit under: at most `limit` runs holding `key` execute at once. */
export type SlotClaim = { key: string; limit: number };

type Waiter = { claims: SlotClaim[]; grant: () => void };

/**
 * Execution slots: a global worker limit plus per-key limits (the functions' `concurrency`
 * options). Waiters are served in order, but one that cannot fit yet does not block those
 * behind it whose keys are free, so one busy connection never stalls the others.
 */
export class Slots {
  private running = 0;
  private held = new Map<string, number>();
  private waiters: Waiter[] = [];

  constructor(private readonly workers: number) {}

  get active() {
    return this.running;
  }

  /** Resolves with a release function once the claims fit. */
  acquire(claims: SlotClaim[]): Promise<() => void> {
    return new Promise((resolve) => {
      this.waiters.push({ claims, grant: () => resolve(this.releaser(claims)) });
      this.pump();
    });
  }

  /** Whether any waiter could start now (the runtime is idle only when none can). */
  get grantable() {
    return this.waiters.some((w) => this.fits(w.claims));
  }

  private fits(claims: SlotClaim[]) {
    return this.running < this.workers && claims.every((c) => (this.held.get(c.key) ?? 0) < c.limit);
  }

  private pump() {
    for (let i = 0; i < this.waiters.length && this.running < this.workers;) {
      const waiter = this.waiters[i]!;
      if (!this.fits(waiter.claims)) {
        i++;
        continue;
      }
      this.waiters.splice(i, 1);
      this.running++;
      for (const c of waiter.claims) this.held.set(c.key, (this.held.get(c.key) ?? 0) + 1);
      waiter.grant();
    }
  }

  private releaser(claims: SlotClaim[]) {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      for (const c of claims) {
        const n = (this.held.get(c.key) ?? 1) - 1;
        if (n === 0) this.held.delete(c.key);
        else this.held.set(c.key, n);
      }
      this.pump();
    };
  }
}

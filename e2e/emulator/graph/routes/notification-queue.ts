/**
 * Delivery of change and lifecycle notifications on the emulator's clock (graph-behaviour.md §9.3):
 * each POST is due at an emulator time (late notifications of the realistic profile are due seconds
 * later, so `POST /_emulator/clock` brings them forward); a 2xx within 3 s acknowledges, anything
 * else is retried after the configured back-off and finally dropped (`onDropped`: the `missed`
 * path). Due deliveries go out in (due time, enqueue order) and one at a time per URL, so a seeded
 * run posts the same sequence every time. A simulated outage (`POST /_emulator/notifications/outage`)
 * swallows deliveries for its subscriptions until it ends, then `onOutageEnd` reports them.
 */
import { NOTIFICATION_TIMEOUT_MS, type Notification } from "../notifier";
import type { HttpPoster } from "../outbound";

type Task = { dueMs: number; seq: number; notification: Notification; attempt: number };
type Outage = { untilMs: number; subscriptionIds: Set<string> };

export type QueueDeps = {
  now: () => number;
  post: HttpPoster;
  retryDelaysMs: () => readonly number[];
  /** Called before each pass (timer-driven lifecycle events live there). */
  beforePass: (now: number) => void;
  onDropped: (n: Notification) => void;
  onOutageEnd: (subscriptionIds: readonly string[]) => void;
};

const TICK_MS = 50;

export class NotificationQueue {
  private tasks: Task[] = [];
  private outages: Outage[] = [];
  private seq = 0;
  private inFlight = 0;
  private lanes = new Map<string, Promise<void>>();
  /** Bumped on reset so deliveries in flight do not schedule retries into the new state. */
  private generation = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly deps: QueueDeps) {
    this.timer = setInterval(() => this.pump(), TICK_MS);
    this.timer.unref();
  }

  enqueue(notification: Notification, delayMs = 0): void {
    this.tasks.push({ dueMs: this.deps.now() + delayMs, seq: ++this.seq, notification, attempt: 0 });
    if (delayMs <= 0) this.pump();
  }

  /** Deliveries for these subscriptions fail silently until `untilMs` (emulator clock). */
  startOutage(subscriptionIds: readonly string[], untilMs: number): void {
    this.outages.push({ untilMs, subscriptionIds: new Set(subscriptionIds) });
    this.pump();
  }

  /**
   * After a pass at the current clock: `pending` = deliveries not finished (incl. late ones and
   * retries not due yet), `due` = those due now or in flight (0: everything the clock allows went out).
   */
  status(): { pending: number; due: number } {
    this.pump();
    const now = this.deps.now();
    return {
      pending: this.tasks.length + this.inFlight,
      due: this.tasks.filter((t) => t.dueMs <= now).length + this.inFlight,
    };
  }

  close(): void {
    clearInterval(this.timer);
    this.reset();
  }

  reset(): void {
    this.generation++;
    this.tasks = [];
    this.outages = [];
    this.lanes.clear();
    this.inFlight = 0;
  }

  pump(): void {
    const now = this.deps.now();
    this.deps.beforePass(now);
    const ended = this.outages.filter((o) => o.untilMs <= now);
    this.outages = this.outages.filter((o) => o.untilMs > now);
    for (const o of ended) this.deps.onOutageEnd([...o.subscriptionIds]);
    const due = this.tasks.filter((t) => t.dueMs <= now).sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
    if (due.length === 0) return;
    this.tasks = this.tasks.filter((t) => t.dueMs > now);
    for (const task of due) {
      if (this.outages.some((o) => o.subscriptionIds.has(task.notification.subscription.id))) continue; // lost in the outage
      const url = task.notification.url;
      this.inFlight++;
      const generation = this.generation;
      const done = () => {
        if (generation === this.generation) this.inFlight--;
      };
      const lane = (this.lanes.get(url) ?? Promise.resolve()).then(() => this.attempt(task)).finally(done);
      this.lanes.set(url, lane);
    }
  }

  private async attempt(task: Task): Promise<void> {
    const generation = this.generation;
    let ok = false;
    try {
      const res = await this.deps.post({
        url: task.notification.url,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(task.notification.payload),
        timeoutMs: NOTIFICATION_TIMEOUT_MS,
      });
      ok = res.status >= 200 && res.status < 300;
    } catch {
      ok = false; // network failure or no answer within 3 s
    }
    if (ok || generation !== this.generation) return;
    const delays = this.deps.retryDelaysMs();
    const delay = delays[task.attempt];
    if (delay === undefined) return this.deps.onDropped(task.notification);
    this.tasks.push({ ...task, attempt: task.attempt + 1, dueMs: this.deps.now() + delay, seq: ++this.seq });
  }
}

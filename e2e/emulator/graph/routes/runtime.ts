/**
 * The Graph half's live state, held in the plugin's closure: mailboxes (GraphStore), the throttle,
 * resolved config, and change-notification delivery. Mailboxes mirror the identity half's users:
 * created on first use for any user (seeded calendars for the demo instructors, issue item 9; an
 * empty default calendar for users added through POST /_emulator/users) and dropped on every reset.
 */
import { demoInstructors } from "@/db/seed/demo-people";
import type { EmulatorContext } from "../../core/types";
import { resolveGraphConfig, type GraphConfig } from "../config";
import type { Change } from "../event-store";
import { GraphStore, type Mailbox } from "../mailbox";
import { deliver, NOTIFICATION_TIMEOUT_MS, notificationsFor, type Notification } from "../notifier";
import { fetchPoster, type HttpPoster } from "../outbound";
import { seedCalendars } from "../seed";
import { pruneExpired } from "../subscriptions";
import { Throttle } from "../throttle";

const DEMO_EMAILS = new Set(demoInstructors.map((p) => p.email.toLowerCase()));

export class GraphRuntime {
  readonly store = new GraphStore();
  readonly config: GraphConfig;
  readonly throttle: Throttle;
  readonly post: HttpPoster = fetchPoster();
  private notificationSeq = 0;
  /** The clock at the last reset: seeded calendars are laid out around it. */
  private seedNow = 0;
  /** Bumped on reset so retries scheduled before it stop instead of posting stale notifications. */
  private generation = 0;

  constructor(readonly ctx: EmulatorContext) {
    this.config = resolveGraphConfig(ctx.config.graph);
    this.throttle = new Throttle(this.config.throttle);
  }

  /**
   * Forget every mailbox; they are rebuilt from the identity state on first use. Demo instructors'
   * calendars are seeded then, with the clock of this reset, so the result is what an eager seed
   * would give — lazily because seeding all of them costs ~30 ms per user on every reset.
   */
  reset(): void {
    this.generation++;
    this.store.reset();
    this.throttle.reset();
    this.seedNow = this.ctx.now();
  }

  /** By object id or UPN; a user's mailbox (with a default calendar) exists from the first use on. */
  mailbox(idOrUpn: string): Mailbox | undefined {
    const existing = this.store.find(idOrUpn);
    if (existing) return existing;
    const lower = idOrUpn.toLowerCase();
    const user = [...this.ctx.state.users.values()].find((u) => u.id === idOrUpn || u.email.toLowerCase() === lower);
    if (!user) return undefined;
    const owner = { id: user.id, displayName: user.displayName, email: user.email, timeZone: user.timeZone };
    if (this.config.seedCalendars && DEMO_EMAILS.has(user.email.toLowerCase())) {
      seedCalendars([owner], this.seedNow, { store: this.store });
      return this.store.find(user.id);
    }
    return this.store.addUser(owner);
  }

  tenantOf(mb: Mailbox): string {
    return this.ctx.state.users.get(mb.owner.id)?.tenantId ?? "";
  }

  /** After every event change (Graph writes, control API, "as if in Outlook"): notify subscribers (§9.3). */
  afterChange(mb: Mailbox, change: Change | undefined, calendarId?: string): void {
    if (!change) return;
    const now = this.ctx.now();
    pruneExpired(mb, now);
    const notifications = notificationsFor(mb, { ...change, ...(calendarId ? { calendarId } : {}) }, {
      now,
      tenantId: this.tenantOf(mb),
      seq: ++this.notificationSeq,
    });
    for (const n of notifications) this.send(n);
  }

  /** Fire-and-forget delivery with Graph's 3 s acknowledgement limit and the configured retries. */
  send(n: Notification): void {
    const generation = this.generation;
    const sleep = (ms: number) =>
      new Promise<void>((resolve, reject) =>
        setTimeout(() => (generation === this.generation ? resolve() : reject(new Error("emulator was reset"))), ms).unref(),
      );
    deliver(this.post, n, { timeoutMs: NOTIFICATION_TIMEOUT_MS, retryDelaysMs: this.config.notificationRetryDelaysMs, sleep }).catch(
      () => undefined, // dropped after a reset, like notifications Graph gives up on (§9.3)
    );
  }
}

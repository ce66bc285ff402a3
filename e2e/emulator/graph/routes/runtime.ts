/**
 * The Graph half's live state, held in the plugin's closure: mailboxes (GraphStore), the throttle,
 * resolved config, the active profile (clean / realistic, realism.ts) with its seeded random streams,
 * and change-notification delivery on the emulator clock. Mailboxes mirror the identity half's
 * users: created on first use for any user (seeded calendars for the demo instructors, issue item 9;
 * an empty default calendar for users added through POST /_emulator/users) and dropped on every reset.
 */
import { demoInstructors } from "@/db/seed/demo-people";
import type { EmulatorContext } from "../../core/types";
import { resolveGraphConfig, type GraphConfig } from "../config";
import type { Change } from "../event-store";
import { GraphStore, type Mailbox } from "../mailbox";
import { planDeliveries } from "../notification-plan";
import { lifecycleNotificationFor, notificationsFor, type Notification } from "../notifier";
import { fetchPoster, type HttpPoster } from "../outbound";
import { randomSeed, RngStreams } from "../prng";
import {
  resolveProfile,
  type ActiveProfile,
  type ProfileName,
  type RealismOverrides,
  type RealismSettings,
} from "../realism";
import { seedCalendars } from "../seed";
import { findSubscription, pruneExpired } from "../subscriptions";
import { Throttle } from "../throttle";
import { LifecycleTimers } from "./lifecycle-timers";
import { NotificationQueue } from "./notification-queue";

const DEMO_EMAILS = new Set(demoInstructors.map((p) => p.email.toLowerCase()));

export type ProfileChoice = { profile?: ProfileName; seed?: number; overrides?: RealismOverrides };

export class GraphRuntime {
  readonly store = new GraphStore();
  readonly config: GraphConfig;
  readonly throttle: Throttle;
  readonly post: HttpPoster = fetchPoster();
  readonly rng: RngStreams;
  readonly queue: NotificationQueue;
  private readonly lifecycle: LifecycleTimers;
  private active: ActiveProfile;
  /** The profile this instance started with; every reset returns to it (seed included). */
  private readonly startProfile: ActiveProfile;
  private notificationSeq = 0;
  /** The clock at the last reset: seeded calendars are laid out around it. */
  private seedNow = 0;

  constructor(readonly ctx: EmulatorContext) {
    this.config = resolveGraphConfig(ctx.config.graph);
    this.throttle = new Throttle(this.config.throttle);
    const start = this.config.profile;
    this.active = this.startProfile = resolveProfile({
      profile: start.profile ?? "clean",
      seed: start.seed ?? randomSeed(),
      overrides: start.overrides ?? {},
    });
    this.rng = new RngStreams(this.active.seed);
    this.applyStoreSwitches();
    this.lifecycle = new LifecycleTimers(this, (n) => this.send(n));
    this.queue = new NotificationQueue({
      now: () => this.ctx.now(),
      post: (req) => this.post(req),
      retryDelaysMs: () => this.config.notificationRetryDelaysMs,
      beforePass: (now) => this.lifecycle.sweep(now),
      onDropped: (n) => this.missed([n.subscription.id], n),
      onOutageEnd: (ids) => this.missed(ids),
    });
  }

  get profile(): ActiveProfile {
    return this.active;
  }

  get settings(): RealismSettings {
    return this.active.settings;
  }

  /** Switch profile (control API); omitted fields keep their current values; the random streams restart from the seed. */
  setProfile(choice: ProfileChoice): ActiveProfile {
    this.active = resolveProfile({
      profile: choice.profile ?? this.active.profile,
      seed: choice.seed ?? this.active.seed,
      overrides: choice.overrides ?? (choice.profile ? {} : this.active.overrides),
    });
    this.rng.reset(this.active.seed);
    this.applyStoreSwitches();
    return this.active;
  }

  /** The switches the pure store reads itself (shared objects, so every mailbox sees a change at once). */
  private applyStoreSwitches(): void {
    const s = this.active.settings;
    this.store.ids.distinct = s.distinctImmutableIds;
    Object.assign(this.store.behaviour, {
      deletedItems: s.deletedItems,
      transactionIdWindowMs: s.transactionIdWindowMs,
      zoneNames: s.zoneNames,
    });
  }

  /**
   * Forget every mailbox; they are rebuilt from the identity state on first use. Demo instructors'
   * calendars are seeded then, with the clock of this reset, so the result is what an eager seed
   * would give — lazily because seeding all of them costs ~30 ms per user on every reset.
   */
  reset(): void {
    this.queue.reset();
    this.lifecycle.reset();
    this.store.reset();
    this.throttle.reset();
    this.active = this.startProfile;
    this.setProfile({});
    this.notificationSeq = 0;
    this.seedNow = this.ctx.now();
  }

  close(): void {
    this.queue.close();
  }

  /** By object id or UPN; a user's mailbox (with a default calendar) exists from the first use on. */
  mailbox(idOrUpn: string): Mailbox | undefined {
    const existing = this.store.find(idOrUpn);
    if (existing) return existing;
    const lower = idOrUpn.toLowerCase();
    const user = [...this.ctx.state.users.values()].find((u) => u.id === idOrUpn || u.email.toLowerCase() === lower);
    if (!user) return undefined;
    const owner = {
      id: user.id,
      displayName: user.displayName,
      email: user.email,
      timeZone: user.timeZone,
      ...(user.mail ? { mail: user.mail } : {}),
    };
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
    this.lifecycle.sweep(now);
    pruneExpired(mb, now);
    const notifications = notificationsFor(
      mb,
      { ...change, ...(calendarId ? { calendarId } : {}) },
      {
        now,
        tenantId: this.tenantOf(mb),
        seq: ++this.notificationSeq,
      },
    );
    const plan = planDeliveries(
      notifications,
      this.settings,
      this.rng.get("notifications"),
      () => ++this.notificationSeq,
    );
    for (const p of plan) this.queue.enqueue(p.notification, p.delayMs);
  }

  /** Deliver now, with Graph's 3 s acknowledgement limit and the configured retries. */
  send(n: Notification): void {
    this.queue.enqueue(n, 0);
  }

  /** `missed` (§9.4) for subscriptions that lost notifications, when the profile sends it. */
  private missed(subscriptionIds: readonly string[], dropped?: Notification): void {
    if (!this.settings.missedAfterDroppedDelivery) return;
    // A dropped lifecycle notification does not cause another one.
    if (dropped && dropped.payload.value[0]?.lifecycleEvent !== undefined) return;
    for (const id of subscriptionIds) {
      try {
        const { mailbox, subscription } = findSubscription(this.store, id);
        const n = lifecycleNotificationFor(subscription, "missed", this.tenantOf(mailbox));
        if (n) this.send(n);
      } catch {
        // the subscription is gone: nobody to tell
      }
    }
  }
}

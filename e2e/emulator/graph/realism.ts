/**
 * Profiles of the Graph half (issue 10 item 1). `clean` is the service as documented, with every
 * change delivered once, in order, at once; `realistic` adds the messy edges the real service shows
 * (graph-behaviour.md §1 ids, §3 delta, §7-8 batch/throttling, §9 notifications). Every behaviour
 * can be switched on its own (`overrides`), and all randomness comes from one seed (prng.ts), so a
 * fixed seed reproduces a run. Where a number below is a guess it says [UNV]; README.md lists each
 * behaviour with its source.
 */
import { z } from "zod";

export type ProfileName = "clean" | "realistic";

export type RealismSettings = {
  /** Default ("REST") ids differ from immutable ids; a move changes the default id (§1 id, §13.4). */
  distinctImmutableIds: boolean;
  /** 1-3 notifications per change: created/updated bursts as an Outlook edit produces (§9.3 OBS). */
  notificationBursts: boolean;
  /** Some notifications arrive seconds late (§9.3 latency: average < 1 min). */
  notificationDelays: boolean;
  /** Some notifications arrive twice (§9.3 "notifications can be missed/duplicated"). */
  notificationDuplicates: boolean;
  /** Occasionally a notification is overtaken by the next change's (no ordering guarantee). */
  notificationReordering: boolean;
  /** Timer-driven lifecycle events: reauthorizationRequired before expiry, subscriptionRemoved on expiry or consent revocation (§9.4). */
  lifecycleNotifications: boolean;
  /** A notification dropped after its last retry yields a `missed` lifecycle event (§9.3, §9.4). */
  missedAfterDroppedDelivery: boolean;
  /** Requested expiries under 45 minutes are raised to 45 (Graph's minimum, issue 10). */
  minimumSubscriptionLifetime: boolean;
  /** Sub-requests of one $batch run this many at once; over 4 they trip MailboxConcurrency (§7 OBS 4-6 sub-429s of 20). */
  batchParallelism: number;
  /** Each Graph mailbox request takes this long (ms, drawn from the seed) while holding its throttle slot. */
  serviceTimeMs: [number, number];
  /** An item may appear on two pages of one delta round (§3 "replays"). */
  deltaRepeats: boolean;
  /** Items that still exist but left the window are sometimes `@removed {reason:"changed"}` (§3 overview). */
  deltaRemovedChanged: boolean;
  /** An expired delta token's 410 sometimes carries a `Location` with a fresh initial URL (§3 "Synchronization reset"). */
  deltaGoneWithLocation: boolean;
  /** A change shows in delta only this long (emulator clock) after it happened; calendarView sees it at once (§3 "processing delays"). */
  deltaReplicationLagMs: number;
  /**
   * A delete (Graph's DELETE or the user's in Outlook) moves the item to Deleted Items: its id stays
   * readable and patchable through `/events/{id}`, it leaves the calendar (calendarView, `/calendar/events`,
   * delta `@removed`); a second delete purges it (§4.3 DOC "A deleted item goes to Deleted Items").
   */
  deletedItems: boolean;
  /**
   * How long a `transactionId` keeps answering with the event first created under it. null: until that
   * event is deleted (the id is then free again); a number: that long after the creation, deletes
   * included, so a replay after a delete hands back the deleted event (issue 20 item 3, ASM).
   */
  transactionIdWindowMs: number | null;
  /** Zone names a write accepts: `any` (Windows + every IANA name), `documented` (Windows + Graph's documented list, `documented-zones.ts`). */
  zoneNames: "any" | "documented";
  /**
   * Which `Prefer: IdType="ImmutableId"` a `$batch` sub-request honours (undocumented, issue 20 item 5):
   * `subRequest` its own header, `outer` only the `$batch` request's header, `ignored` none (default ids).
   */
  batchImmutableIds: "subRequest" | "outer" | "ignored";
  /**
   * Maximum event-subscription lifetime in minutes instead of `config.graph.subscriptions` (null: the
   * config's, 10,080 per the current documentation); 4230 reproduces a service that still follows the
   * page's older version.
   */
  subscriptionMaxMinutes: number | null;
};

/** How long the realistic profile remembers a transactionId [UNV: Graph documents no window]. */
export const TRANSACTION_ID_WINDOW_MS = 3 * 24 * 60 * 60_000;

export const PROFILES: Record<ProfileName, RealismSettings> = {
  clean: {
    distinctImmutableIds: false,
    notificationBursts: false,
    notificationDelays: false,
    notificationDuplicates: false,
    notificationReordering: false,
    lifecycleNotifications: false,
    missedAfterDroppedDelivery: false,
    minimumSubscriptionLifetime: false,
    batchParallelism: 4,
    serviceTimeMs: [0, 0],
    deltaRepeats: false,
    deltaRemovedChanged: false,
    deltaGoneWithLocation: false,
    deltaReplicationLagMs: 0,
    deletedItems: false,
    transactionIdWindowMs: null,
    zoneNames: "any",
    batchImmutableIds: "subRequest",
    subscriptionMaxMinutes: null,
  },
  realistic: {
    distinctImmutableIds: true,
    notificationBursts: true,
    notificationDelays: true,
    notificationDuplicates: true,
    notificationReordering: true,
    lifecycleNotifications: true,
    missedAfterDroppedDelivery: true,
    minimumSubscriptionLifetime: true,
    batchParallelism: 6,
    serviceTimeMs: [5, 25],
    deltaRepeats: true,
    deltaRemovedChanged: true,
    deltaGoneWithLocation: true,
    deltaReplicationLagMs: 1_000,
    deletedItems: true,
    transactionIdWindowMs: TRANSACTION_ID_WINDOW_MS,
    zoneNames: "documented",
    batchImmutableIds: "subRequest",
    subscriptionMaxMinutes: null,
  },
};

/** How often each switched-on behaviour fires [UNV: the service publishes no rates]. */
export const ODDS = {
  extraNotifications: [0, 2] as const,
  lateChance: 0.25,
  lateMs: [1_000, 8_000] as const,
  duplicateChance: 0.2,
  duplicateAfterMs: [200, 3_000] as const,
  reorderChance: 0.2,
  reorderHoldMs: [300, 1_500] as const,
  deltaRepeatChance: 0.35,
  removedChangedChance: 0.5,
  goneLocationChance: 0.5,
};

/** Minimum subscription lifetime the service enforces by raising the expiry (issue 10 item 3). */
export const MIN_SUBSCRIPTION_MINUTES = 45;
/** reauthorizationRequired goes out once this close to expiry [UNV cadence, §9.4 "illustrative"]. */
export const REAUTHORIZE_BEFORE_EXPIRY_MS = 15 * 60_000;

export const RealismOverrides = z
  .object({
    distinctImmutableIds: z.boolean(),
    notificationBursts: z.boolean(),
    notificationDelays: z.boolean(),
    notificationDuplicates: z.boolean(),
    notificationReordering: z.boolean(),
    lifecycleNotifications: z.boolean(),
    missedAfterDroppedDelivery: z.boolean(),
    minimumSubscriptionLifetime: z.boolean(),
    batchParallelism: z.number().int().min(1).max(20),
    serviceTimeMs: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
    deltaRepeats: z.boolean(),
    deltaRemovedChanged: z.boolean(),
    deltaGoneWithLocation: z.boolean(),
    deltaReplicationLagMs: z.number().int().min(0),
    deletedItems: z.boolean(),
    transactionIdWindowMs: z.number().int().min(0).nullable(),
    zoneNames: z.enum(["any", "documented"]),
    batchImmutableIds: z.enum(["subRequest", "outer", "ignored"]),
    subscriptionMaxMinutes: z.number().int().min(1).nullable(),
  })
  .partial()
  .strict();
export type RealismOverrides = z.infer<typeof RealismOverrides>;

export const ProfileInput = z.object({
  profile: z.enum(["clean", "realistic"]).default("clean"),
  seed: z.number().int().min(0).optional(),
  overrides: RealismOverrides.default({}),
});
export type ProfileInput = z.input<typeof ProfileInput>;

export type ActiveProfile = {
  profile: ProfileName;
  seed: number;
  overrides: RealismOverrides;
  settings: RealismSettings;
};

export function resolveProfile(input: {
  profile: ProfileName;
  seed: number;
  overrides: RealismOverrides;
}): ActiveProfile {
  return { ...input, settings: { ...PROFILES[input.profile], ...input.overrides } };
}

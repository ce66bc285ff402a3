/**
 * Knobs of the Graph half, set through `createMs365Emulator({ config: { graph: {...} } })`. Defaults
 * are the documented/observed service values (graph-behaviour.md §3, §8, §9); the knobs exist for
 * what the reference marks [UNV] and so tests can make limits small or retries fast.
 */
import { defaultDeltaConfig, type DeltaConfig } from "./delta";
import type { ProfileName, RealismOverrides } from "./realism";
import { defaultRetryDelaysMs } from "./notifier";
import { defaultSubscriptionConfig, type SubscriptionConfig } from "./subscriptions";
import { defaultThrottleConfig, type ThrottleConfig } from "./throttle";

export type GraphConfig = {
  throttle: ThrottleConfig;
  delta: DeltaConfig;
  subscriptions: SubscriptionConfig & {
    /**
     * Deviation: Graph demands https notification URLs; the product's e2e receives webhooks on
     * http://localhost, so http is allowed for localhost / 127.0.0.1 / [::1] only.
     */
    allowHttpForLocalhost: boolean;
  };
  /** Delays before each notification retry (Graph keeps retrying for up to 4 h, §9.3). */
  notificationRetryDelaysMs: number[];
  /** Seed realistic calendars for the demo instructors on start and reset (issue item 9). */
  seedCalendars: boolean;
  /** Start profile (realism.ts); a reset returns to it. No seed: a random one, shown by GET /_emulator/profile. */
  profile: { profile?: ProfileName; seed?: number; overrides?: RealismOverrides };
};

export type GraphConfigInput = {
  throttle?: Partial<ThrottleConfig>;
  delta?: Partial<DeltaConfig>;
  subscriptions?: Partial<GraphConfig["subscriptions"]>;
  notificationRetryDelaysMs?: number[];
  seedCalendars?: boolean;
  profile?: GraphConfig["profile"];
};

export function resolveGraphConfig(input: GraphConfigInput = {}): GraphConfig {
  return {
    throttle: { ...defaultThrottleConfig, ...input.throttle },
    delta: { ...defaultDeltaConfig, ...input.delta },
    subscriptions: {
      ...defaultSubscriptionConfig,
      // The pure module's https check is replaced by the localhost-aware one in routes/subscriptions.ts.
      allowHttpForLocalhost: true,
      ...input.subscriptions,
    },
    notificationRetryDelaysMs: input.notificationRetryDelaysMs ?? defaultRetryDelaysMs,
    seedCalendars: input.seedCalendars ?? true,
    profile: input.profile ?? {},
  };
}

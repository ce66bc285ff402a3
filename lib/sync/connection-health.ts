import type { IntegrationStatus } from "@/lib/connect/integration-status";
import { STALE_AFTER_MS } from "./availability-state";

/**
 * How an instructor's calendar sync is doing, as the Calendar Integration table shows it. Derived
 * (pure, `now` injected) from the integration status and the pulls recorded in sync_runs, which
 * are the only source of last sync, next sync and last error.
 *
 * - syncing: a pull is queued or running.
 * - held: the newest pull would have removed more than half of the mirror and waits for an admin.
 * - error: the newest pull failed; `retryAt` says when it is tried again.
 * - stale: connected, but no successful pull for 3 hours (availability counts as unknown).
 * - connected: the newest pull succeeded within 3 hours.
 * - not connected: the integration status itself (invited, reconnect needed, disconnected, …).
 */
export type HealthState =
  "connected" | "syncing" | "held" | "error" | "stale" | Exclude<IntegrationStatus, "connected">;

export const healthLabels: Record<HealthState, string> = {
  connected: "Connected",
  syncing: "Syncing",
  held: "Held",
  error: "Error",
  stale: "Stale",
  not_invited: "Not invited",
  invited: "Invited",
  waiting_for_approval: "Waiting for admin approval",
  invitation_expired: "Invitation expired",
  reconnect_needed: "Reconnect needed",
  disconnected: "Disconnected",
  disconnected_by_instructor: "Disconnected by instructor",
};

/** The error class a held round is recorded with on sync_runs (the pull service writes it). */
export const HELD_ROUND_ERROR = "PullRoundHeldError";

export type NewestPull = {
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  counts: Record<string, number>;
  errorClass: string | null;
  errorMessage: string | null;
  finishedAt: Date | null;
  /** For a failed run: when its retry is due (Graph's Retry-After), if one was named. */
  dueAt: Date;
  queuedAt?: Date;
  startedAt?: Date | null;
};

export type HealthInput = {
  integrationStatus: IntegrationStatus;
  connectedAt: Date | null;
  newestPull: NewestPull | null;
  /** When the newest successful pull finished. */
  lastPullAt: Date | null;
  /** The earliest queued run's due time (any kind). */
  queuedDueAt: Date | null;
  now: Date;
};

export type ConnectionHealth = {
  state: HealthState;
  label: string;
  /** A held round: how many of the mirrored events it would remove. */
  held: { wouldRemove: number; mirrored: number } | null;
  /** Error: the reason, and when the pull is tried again. */
  error: string | null;
  retryAt: Date | null;
  /** The next pull: one queued, a retry, else the next hourly tick. Null when not connected. */
  nextSyncAt: Date | null;
};

const HOUR_MS = 3_600_000;

/** The hourly pull fan-out runs at the top of every UTC hour (inngest/functions/hourly-pulls.ts). */
export function nextHourlyPullAt(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
}

export function connectionHealth(input: HealthInput): ConnectionHealth {
  const { integrationStatus, newestPull: pull, now } = input;
  const base = { held: null, error: null, retryAt: null };
  if (integrationStatus !== "connected") {
    const state = integrationStatus;
    return { ...base, state, label: healthLabels[state], nextSyncAt: null };
  }
  const hourly = nextHourlyPullAt(now);
  const nextSyncAt = earliest(input.queuedDueAt, hourly);
  const as = (state: HealthState, extra: Partial<ConnectionHealth> = {}): ConnectionHealth => ({
    ...base,
    state,
    label: healthLabels[state],
    nextSyncAt,
    ...extra,
  });

  if (pull?.status === "queued" || pull?.status === "running") return as("syncing");
  if (pull?.status === "failed" && pull.errorClass === HELD_ROUND_ERROR)
    return as("held", { held: heldCounts(pull), error: pull.errorMessage });
  if (pull?.status === "failed") {
    // A retry Graph asked us to wait for (Retry-After), else the hourly cadence tries again.
    const retryAt = pull.dueAt > now ? earliest(pull.dueAt, hourly) : hourly;
    return as("error", {
      error: pull.errorMessage ?? pull.errorClass ?? "Unknown error",
      retryAt,
      nextSyncAt: earliest(nextSyncAt, retryAt),
    });
  }
  const since = input.lastPullAt ?? input.connectedAt;
  if (!since || now.getTime() - since.getTime() > STALE_AFTER_MS) return as("stale");
  return as("connected");
}

/** Held runs count `removed` and `mirrored`; runs recorded before `mirrored` was counted say it in their message. */
function heldCounts(pull: NewestPull) {
  const fromMessage = /remove (\d+) of (\d+)/.exec(pull.errorMessage ?? "");
  return {
    wouldRemove: pull.counts.removed ?? Number(fromMessage?.[1] ?? 0),
    mirrored: pull.counts.mirrored ?? Number(fromMessage?.[2] ?? 0),
  };
}

function earliest(a: Date | null, b: Date): Date {
  return a && a < b ? a : b;
}

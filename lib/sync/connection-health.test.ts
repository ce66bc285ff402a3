import { describe, expect, it } from "vitest";
import {
  connectionHealth,
  HELD_ROUND_ERROR,
  nextHourlyPullAt,
  type HealthInput,
  type NewestPull,
} from "./connection-health";

const now = new Date("2026-03-10T10:20:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const minutesOn = (m: number) => new Date(now.getTime() + m * 60_000);
const topOfNextHour = new Date("2026-03-10T11:00:00Z");

const pull = (overrides: Partial<NewestPull>): NewestPull => ({
  status: "succeeded",
  counts: {},
  errorClass: null,
  errorMessage: null,
  finishedAt: minutesAgo(20),
  dueAt: minutesAgo(21),
  ...overrides,
});
const input = (overrides: Partial<HealthInput>): HealthInput => ({
  integrationStatus: "connected",
  connectedAt: minutesAgo(60 * 24),
  newestPull: pull({}),
  lastPullAt: minutesAgo(20),
  queuedDueAt: null,
  now,
  ...overrides,
});

describe("connectionHealth", () => {
  const cases: [string, Partial<HealthInput>, Partial<ReturnType<typeof connectionHealth>>][] = [
    ["a recent successful pull", {}, { state: "connected", label: "Connected", nextSyncAt: topOfNextHour }],
    [
      "a pull running",
      { newestPull: pull({ status: "running", finishedAt: null }) },
      { state: "syncing", label: "Syncing" },
    ],
    [
      "a pull queued (due in 5 minutes)",
      { newestPull: pull({ status: "queued", finishedAt: null }), queuedDueAt: minutesOn(5) },
      { state: "syncing", nextSyncAt: minutesOn(5) },
    ],
    [
      "a failure with Graph's Retry-After",
      {
        newestPull: pull({
          status: "failed",
          errorClass: "GraphThrottledError",
          errorMessage: "429",
          dueAt: minutesOn(2),
        }),
      },
      { state: "error", error: "429", retryAt: minutesOn(2), nextSyncAt: minutesOn(2) },
    ],
    [
      "a failure without a named wait: the hourly pull retries",
      { newestPull: pull({ status: "failed", errorClass: "Error", errorMessage: null, dueAt: minutesAgo(30) }) },
      { state: "error", error: "Error", retryAt: topOfNextHour, nextSyncAt: topOfNextHour },
    ],
    [
      "a failure outranks staleness",
      {
        lastPullAt: minutesAgo(60 * 5),
        newestPull: pull({ status: "failed", errorClass: "GraphUnavailableError", errorMessage: "503" }),
      },
      { state: "error" },
    ],
    [
      "a held round",
      {
        newestPull: pull({
          status: "failed",
          errorClass: HELD_ROUND_ERROR,
          errorMessage: "Held: this round would remove 8 of 10 mirrored events; …",
          counts: { removed: 8, mirrored: 10 },
        }),
      },
      { state: "held", held: { wouldRemove: 8, mirrored: 10 }, nextSyncAt: topOfNextHour },
    ],
    [
      "a held round recorded before `mirrored` was counted",
      {
        newestPull: pull({
          status: "failed",
          errorClass: HELD_ROUND_ERROR,
          errorMessage: "Held: this round would remove 6 of 7 mirrored events; nothing was applied",
          counts: {},
        }),
      },
      { state: "held", held: { wouldRemove: 6, mirrored: 7 } },
    ],
    ["exactly 3 hours since the last pull", { lastPullAt: minutesAgo(180) }, { state: "connected" }],
    ["3 hours and a minute", { lastPullAt: minutesAgo(181) }, { state: "stale", label: "Stale" }],
    [
      "connected 2 hours ago, never pulled, nothing queued",
      { newestPull: null, lastPullAt: null, connectedAt: minutesAgo(120) },
      { state: "connected" },
    ],
    [
      "connected 4 hours ago, never pulled",
      { newestPull: null, lastPullAt: null, connectedAt: minutesAgo(240) },
      { state: "stale" },
    ],
    [
      "reconnect needed",
      { integrationStatus: "reconnect_needed" },
      { state: "reconnect_needed", label: "Reconnect needed", nextSyncAt: null },
    ],
    ["disconnected", { integrationStatus: "disconnected" }, { state: "disconnected", nextSyncAt: null }],
    ["invited", { integrationStatus: "invited", newestPull: null }, { state: "invited", label: "Invited" }],
    ["not invited", { integrationStatus: "not_invited", newestPull: null }, { state: "not_invited" }],
    ["invitation expired", { integrationStatus: "invitation_expired" }, { state: "invitation_expired" }],
  ];
  it.each(cases)("%s", (_, overrides, expected) => {
    expect(connectionHealth(input(overrides))).toMatchObject(expected);
  });
});

describe("nextHourlyPullAt", () => {
  it.each([
    ["2026-03-10T10:20:00Z", "2026-03-10T11:00:00Z"],
    ["2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z"],
    ["2026-03-31T23:59:59Z", "2026-04-01T00:00:00Z"],
  ])("%s → %s", (at, expected) => {
    expect(nextHourlyPullAt(new Date(at)).toISOString()).toBe(new Date(expected).toISOString());
  });
});

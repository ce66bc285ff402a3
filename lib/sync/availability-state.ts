/**
 * Whether an instructor's mirror can be trusted to say they are free. Anything but `synced` means
 * availability is unknown: a stale, failing or missing calendar is never shown as free.
 */
export type AvailabilityState = "synced" | "stale" | "failing" | "not_connected";

/** No successful pull for this long and the mirror is stale. */
export const STALE_AFTER_MS = 3 * 60 * 60 * 1000;

export function availabilityState(input: {
  connectionStatus: string | null;
  lastPullAt: Date | null;
  latestPullFailed: boolean;
  now: Date;
}): AvailabilityState {
  if (input.connectionStatus === "reconnect_needed") return "failing";
  if (input.connectionStatus !== "connected" && input.connectionStatus !== "syncing") return "not_connected";
  if (input.latestPullFailed) return "failing";
  if (!input.lastPullAt || input.now.getTime() - input.lastPullAt.getTime() > STALE_AFTER_MS) return "stale";
  return "synced";
}

export const availabilityStateLabels: Record<AvailabilityState, string> = {
  synced: "Calendar synced",
  stale: "Availability unknown: calendar not synced for over 3 hours",
  failing: "Availability unknown: calendar sync is failing",
  not_connected: "Availability unknown: calendar not connected",
};

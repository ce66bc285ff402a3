import type { HealthState } from "@/lib/sync/connection-health";
import { healthLabels } from "@/lib/sync/connection-health";

/** The order the status bar lists states in: what needs an admin first, then the healthy and the idle. */
export const statusBarOrder: HealthState[] = [
  "error",
  "held",
  "reconnect_needed",
  "waiting_for_approval",
  "stale",
  "syncing",
  "connected",
  "invited",
  "invitation_expired",
  "disconnected_by_instructor",
  "disconnected",
  "not_invited",
];

export type StatusCount = { state: HealthState; label: string; count: number };

/** How many instructors are in each status the table shows, states with nobody left out (pure). */
export function countByStatus(rows: readonly { health: { state: HealthState } }[]): StatusCount[] {
  const counts = new Map<HealthState, number>();
  for (const r of rows) counts.set(r.health.state, (counts.get(r.health.state) ?? 0) + 1);
  return statusBarOrder
    .filter((state) => counts.has(state))
    .map((state) => ({ state, label: healthLabels[state], count: counts.get(state)! }));
}

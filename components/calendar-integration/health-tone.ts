import type { HealthState } from "@/lib/sync/connection-health";

/** The badge tone of each status (globals.css `.badge.<tone>`), shared by the table, the bar and the instructor page. */
export const healthTone: Record<HealthState, "active" | "info" | "warn" | "cancelled" | "draft"> = {
  connected: "active",
  syncing: "info",
  held: "warn",
  error: "cancelled",
  stale: "warn",
  not_invited: "draft",
  invited: "info",
  waiting_for_approval: "warn",
  invitation_expired: "warn",
  reconnect_needed: "cancelled",
  disconnected: "draft",
  disconnected_by_instructor: "warn",
};

"use client";

import { useQuery } from "@tanstack/react-query";
import type { EventPushStatus } from "@/db/queries/push-status";
import type { Jsonified } from "@/components/calendar-integration/integration-row-json";
import { pushStatusSummary } from "./push-status-summary";

/** While an entry is on its way the column is polled every second, else every 5 s (an hourly converge, a retry). */
const FAST_MS = 1_000;
const SLOW_MS = 5_000;

/**
 * The event page's Outlook column, live: the server renders the first summaries, then this polls the
 * event's push status so *Pending* turns to *In Outlook* without a reload. The query is keyed by who is
 * booked, so a new booking (the page re-renders with it) starts from the server's fresh summaries.
 */
export function useLivePushStatus(
  eventId: string | undefined,
  zone: string,
  initial: Record<string, string | null> | undefined,
): Record<string, string | null> | undefined {
  const booked = Object.keys(initial ?? {}).sort();
  const { data } = useQuery({
    queryKey: ["push-status", eventId, booked.join(",")],
    enabled: Boolean(eventId && initial),
    queryFn: async () => {
      const response = await fetch(`/api/control-panel/events/${eventId}/push-status`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { rows } = (await response.json()) as { rows: Jsonified<EventPushStatus>[] };
      return summarise(rows, booked, zone);
    },
    initialData: initial,
    initialDataUpdatedAt: 0, // stale at once: the first poll runs on mount
    refetchInterval: (query) =>
      Object.values(query.state.data ?? {}).some((s) => s === "Pending") ? FAST_MS : SLOW_MS,
  });
  return initial ? data : undefined;
}

function summarise(rows: Jsonified<EventPushStatus>[], booked: string[], zone: string) {
  const parsed: EventPushStatus[] = rows.map((r) => ({
    ...r,
    lastAttemptAt: r.lastAttemptAt ? new Date(r.lastAttemptAt) : null,
  }));
  return Object.fromEntries(
    booked.map((id) => [
      id,
      pushStatusSummary(
        parsed.filter((r) => r.instructorId === id),
        zone,
      ),
    ]),
  );
}

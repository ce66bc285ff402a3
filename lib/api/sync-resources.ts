import { z } from "zod";
import type { BusyInterval } from "@/db/queries/busy-intervals";
import type { SyncRunRow } from "@/db/queries/sync-runs";
import { eventResponse, freeBusyStatus } from "@/db/schema/external-events";
import { syncKind } from "@/db/schema/sync-runs";
import { syncTriggers } from "@/lib/sync/sync-run-vocabulary";
import { parseInput } from "@/lib/parse-input";

/** What /api/v1 returns for sync runs and busy time (Pull). Stable: other suites rely on these shapes. */
export const syncRunResource = z.object({
  id: z.uuid(),
  instructorId: z.uuid(),
  kind: z.enum(syncKind.enumValues),
  trigger: z.enum(syncTriggers).meta({
    description:
      "What started the run: `hourly` (the cadence), `manual` (an admin or an API client), `notification` (a Graph change notification), `connect` (the first sync after connecting), `baseline` (the daily new baseline that slides the 12-month window)",
  }),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  counts: z.object({ fetched: z.number(), added: z.number(), updated: z.number(), removed: z.number() }),
  graphRequests: z.number(),
  error: z.string().nullable().meta({ description: "Why the run failed (or was held), for failed runs" }),
});

export function toSyncRunResource(row: NonNullable<SyncRunRow>): z.infer<typeof syncRunResource> {
  const n = (...keys: string[]) => keys.map((k) => row.counts[k]).find((v) => typeof v === "number") ?? 0;
  return {
    id: row.id,
    instructorId: row.instructorId,
    kind: row.kind,
    trigger: row.trigger,
    status: row.status === "cancelled" ? "failed" : row.status,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    // Pull counts fetched/added/updated/removed; Push and Removal record created/deleted for the same ideas.
    counts: {
      fetched: n("fetched"),
      added: n("added", "created"),
      updated: n("updated"),
      removed: n("removed", "deleted"),
    },
    graphRequests: row.graphRequests,
    error: row.status === "failed" || row.status === "cancelled" ? (row.errorMessage ?? row.errorClass) : null,
  };
}

export const busyResource = z.object({
  start: z.string().meta({ description: "UTC instant (ISO 8601), or the first date (YYYY-MM-DD) when allDay" }),
  end: z.string().meta({ description: "UTC instant, or the date after the last day (exclusive) when allDay" }),
  allDay: z.boolean(),
  showAs: z.enum(freeBusyStatus.enumValues),
  response: z.enum(eventResponse.enumValues).nullable(),
  cancelled: z.boolean(),
  title: z
    .string()
    .nullable()
    .meta({ description: "Null when the event is private or the instructor is in Full Private Mode" }),
  private: z.boolean(),
});

export function toBusyResource(row: BusyInterval): z.infer<typeof busyResource> {
  const allDay = row.allDayStartDate !== null && row.allDayEndDate !== null;
  return {
    start: allDay ? row.allDayStartDate! : row.startsAt.toISOString(),
    end: allDay ? row.allDayEndDate! : row.endsAt.toISOString(),
    allDay,
    showAs: row.showAs,
    response: row.response,
    cancelled: row.isCancelled,
    title: row.isPrivate || row.privacyMode === "full_private" ? null : row.title,
    private: row.isPrivate,
  };
}

const instantOrDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
export const busyQuery = z
  .object({
    from: instantOrDate.meta({ description: "Start (inclusive): an ISO instant, or a date (UTC midnight)" }),
    to: instantOrDate.meta({ description: "End (exclusive): an ISO instant, or a date (UTC midnight)" }),
  })
  .refine((q) => new Date(q.to) > new Date(q.from), { message: "to must be after from", path: ["to"] })
  .refine((q) => new Date(q.to).getTime() - new Date(q.from).getTime() <= 400 * 86_400_000, {
    message: "at most 400 days at once",
    path: ["to"],
  });

export function parseBusyQuery(query: Record<string, string>) {
  const parsed = parseInput(busyQuery, query);
  return { from: new Date(parsed.from), to: new Date(parsed.to) };
}

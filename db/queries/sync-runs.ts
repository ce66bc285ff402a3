import { desc, eq } from "drizzle-orm";
import { calendarConnections, syncRuns } from "../schema";
import type { DbOrTx } from "../types";
import { isUuid } from "./ids";

const runColumns = {
  id: syncRuns.id,
  instructorId: calendarConnections.instructorId,
  kind: syncRuns.kind,
  trigger: syncRuns.trigger,
  status: syncRuns.status,
  queuedAt: syncRuns.queuedAt,
  startedAt: syncRuns.startedAt,
  finishedAt: syncRuns.finishedAt,
  counts: syncRuns.counts,
  graphRequests: syncRuns.graphRequests,
  errorClass: syncRuns.errorClass,
  errorMessage: syncRuns.errorMessage,
};

export type SyncRunRow = Awaited<ReturnType<typeof getSyncRun>> & {};

/** One sync run with the instructor it belongs to; null when there is none. */
export async function getSyncRun(db: DbOrTx, runId: string) {
  if (!isUuid(runId)) return null;
  const [row] = await db
    .select(runColumns)
    .from(syncRuns)
    .innerJoin(calendarConnections, eq(calendarConnections.id, syncRuns.connectionId))
    .where(eq(syncRuns.id, runId));
  return row ?? null;
}

/** An instructor's sync runs, newest first (the sync log shows the last 50). */
export async function syncRunsOfInstructor(db: DbOrTx, instructorId: string, limit = 50) {
  if (!isUuid(instructorId)) return [];
  return db
    .select(runColumns)
    .from(syncRuns)
    .innerJoin(calendarConnections, eq(calendarConnections.id, syncRuns.connectionId))
    .where(eq(calendarConnections.instructorId, instructorId))
    .orderBy(desc(syncRuns.queuedAt))
    .limit(limit);
}

export type LatestPull = {
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  counts: Record<string, number>;
  error: string | null;
  finishedAt: Date | null;
};

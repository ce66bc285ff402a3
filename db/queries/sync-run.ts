import { eq } from "drizzle-orm";
import { calendarConnections, syncRuns } from "@/db/schema";
import type { DbOrTx } from "@/db/types";

/** One sync run as `GET /api/v1/sync-runs/{runId}` shows it; null when there is none. */
export async function getSyncRun(db: DbOrTx, runId: string) {
  const [row] = await db
    .select({
      id: syncRuns.id,
      instructorId: calendarConnections.instructorId,
      kind: syncRuns.kind,
      trigger: syncRuns.trigger,
      status: syncRuns.status,
      startedAt: syncRuns.startedAt,
      finishedAt: syncRuns.finishedAt,
      counts: syncRuns.counts,
      graphRequests: syncRuns.graphRequests,
      errorClass: syncRuns.errorClass,
      errorMessage: syncRuns.errorMessage,
    })
    .from(syncRuns)
    .innerJoin(calendarConnections, eq(calendarConnections.id, syncRuns.connectionId))
    .where(eq(syncRuns.id, runId));
  if (!row) return null;
  const { errorClass, errorMessage, ...run } = row;
  return { ...run, error: errorClass ? { class: errorClass, message: errorMessage } : null };
}

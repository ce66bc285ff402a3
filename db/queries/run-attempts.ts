import { and, inArray, sql } from "drizzle-orm";
import { jobRequests } from "../schema";
import type { DbOrTx } from "../types";
import type { RunAttempt } from "@/lib/sync/run-progress";

/** The functions that do one connection's sync work (their event data names the connection). */
const CONNECTION_FUNCTIONS = ["pull-calendar", "notification-pull", "sync-push", "calendar-removal"];

/**
 * The durable job behind each connection's unfinished work (job_requests): which attempt it is on, and
 * when a retry waits, until when and after what. The running job first, else the one due soonest.
 * Only unfinished rows are read, so this stays small however long the table's history is.
 */
export async function runAttemptsByConnection(
  db: DbOrTx,
  connectionIds: readonly string[],
): Promise<Map<string, RunAttempt>> {
  if (connectionIds.length === 0) return new Map();
  const connectionId = sql<string>`${jobRequests.eventData}->>'connectionId'`;
  const rows = await db
    .selectDistinctOn([connectionId], {
      connectionId,
      state: jobRequests.state,
      attempt: jobRequests.attempt,
      runAfter: jobRequests.runAfter,
      lastError: jobRequests.lastError,
    })
    .from(jobRequests)
    .where(
      and(
        inArray(jobRequests.state, ["queued", "running"]),
        inArray(jobRequests.functionId, CONNECTION_FUNCTIONS),
        inArray(connectionId, [...connectionIds]),
      ),
    )
    .orderBy(connectionId, sql`${jobRequests.state} = 'running' desc`, jobRequests.runAfter);
  return new Map(
    rows.map((r) => [
      r.connectionId,
      {
        running: r.state === "running",
        attempt: r.attempt + 1,
        runAfter: r.runAfter,
        lastErrorName: r.lastError?.name ?? null,
      },
    ]),
  );
}

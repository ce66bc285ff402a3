import { and, asc, eq, gte } from "drizzle-orm";
import { calendarConnections, syncRuns } from "../schema";
import type { DbOrTx } from "../types";
import { isUuid } from "./ids";

/** One run as the instructor page's 24-hour health strip draws it. */
export type StripRun = {
  kind: "pull" | "push" | "removal";
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  errorClass: string | null;
  queuedAt: Date;
  startedAt: Date | null;
};

/** Every run of the instructor's connection queued in the 24 hours before `now`, oldest first. */
export async function runsOfLastDay(db: DbOrTx, instructorId: string, now: Date): Promise<StripRun[]> {
  if (!isUuid(instructorId)) return [];
  return db
    .select({
      kind: syncRuns.kind,
      status: syncRuns.status,
      errorClass: syncRuns.errorClass,
      queuedAt: syncRuns.queuedAt,
      startedAt: syncRuns.startedAt,
    })
    .from(syncRuns)
    .innerJoin(calendarConnections, eq(calendarConnections.id, syncRuns.connectionId))
    .where(
      and(
        eq(calendarConnections.instructorId, instructorId),
        gte(syncRuns.queuedAt, new Date(now.getTime() - 24 * 3_600_000)),
      ),
    )
    .orderBy(asc(syncRuns.queuedAt));
}

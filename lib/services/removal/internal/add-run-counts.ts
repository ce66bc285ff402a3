import { eq, sql } from "drizzle-orm";
import { syncRuns, type SyncCounts } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";

/**
 * Adds to a removal run's tallies in the database, as the work happens, and returns the run's totals.
 * A step's return value is memoised only once the step succeeds, so counts a failed or crashed attempt
 * returned would be lost and its retry would see only what was left: adding them to the row instead
 * (in the same transaction as the work where the work is local) keeps the totals right across retries
 * and resumed runs. Without a run, the increments are the totals.
 */
export async function addRunCounts(
  ctx: ServiceContext,
  runId: string | null,
  increments: SyncCounts,
  graphRequests = 0,
): Promise<{ counts: SyncCounts; graphRequests: number }> {
  if (!runId) return { counts: increments, graphRequests };
  const entries = Object.entries(increments);
  const merged = entries.length
    ? sql`${syncRuns.counts} || jsonb_build_object(${sql.join(
        entries.map(
          ([key, n]) => sql`${key}::text, coalesce((${syncRuns.counts} ->> ${key}::text)::int, 0) + ${n}::int`,
        ),
        sql`, `,
      )})`
    : sql`${syncRuns.counts}`;
  const [row] = await ctx.db
    .update(syncRuns)
    .set({ counts: merged, graphRequests: sql`${syncRuns.graphRequests} + ${graphRequests}::int` })
    .where(eq(syncRuns.id, runId))
    .returning({ counts: syncRuns.counts, graphRequests: syncRuns.graphRequests });
  return row ?? { counts: increments, graphRequests };
}

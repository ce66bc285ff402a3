import { and, desc, eq, inArray } from "drizzle-orm";
import { syncRuns } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { logConnectionEvent } from "../internal/log-connection-event";
import { removalConnection } from "./internal/removal-connection";

/**
 * The removal job gave up (its retries are exhausted): its run is marked failed with the reason, so the
 * table stops showing it running and says why. The connection stays `disconnecting` (nothing syncs), and
 * an admin's Remove Calendar starts the removal again. The run is the request's, or, for a request that
 * named none, the connection's newest unfinished removal. A run already finished is left as it is.
 */
export async function failRemovalRun({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; runId?: string; errorClass: string; reason: string };
}): Promise<{ runId: string | null }> {
  const connection = await removalConnection(ctx, input.connectionId);
  if (!connection) return { runId: null };
  const unfinished = and(
    eq(syncRuns.connectionId, connection.id),
    eq(syncRuns.kind, "removal"),
    inArray(syncRuns.status, ["queued", "running"]),
  );
  const [run] = await ctx.db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(input.runId ? and(unfinished, eq(syncRuns.id, input.runId)) : unfinished)
    .orderBy(desc(syncRuns.queuedAt))
    .limit(1);
  if (!run) return { runId: null };
  const [failed] = await ctx.db
    .update(syncRuns)
    .set({ status: "failed", finishedAt: ctx.now(), errorClass: input.errorClass, errorMessage: input.reason })
    .where(and(eq(syncRuns.id, run.id), inArray(syncRuns.status, ["queued", "running"])))
    .returning({ id: syncRuns.id });
  if (failed)
    await logConnectionEvent(
      ctx,
      connection.instructorId,
      "removal_failed",
      `Removal gave up after its retries: ${input.reason}. Remove Calendar starts it again.`,
    );
  return { runId: failed?.id ?? null };
}

import { and, eq, inArray } from "drizzle-orm";
import { syncRuns } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { removalConnection } from "./internal/removal-connection";

/**
 * The removal job's first step: its sync run turns `running` (opened here when the request queued none).
 * `proceed` is false when the connection is not `disconnecting` (already finished by an earlier delivery of
 * the same request, or gone): the job then stops, so a repeated or late event changes nothing.
 */
export async function beginRemovalRun({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; runId?: string };
}): Promise<{ runId: string | null; proceed: boolean }> {
  const connection = await removalConnection(ctx, input.connectionId);
  const proceed = connection?.status === "disconnecting";
  if (!connection) return { runId: null, proceed };
  if (input.runId) {
    await ctx.db
      .update(syncRuns)
      .set(proceed ? { status: "running", startedAt: ctx.now() } : { status: "cancelled", finishedAt: ctx.now() })
      .where(and(eq(syncRuns.id, input.runId), inArray(syncRuns.status, ["queued", "running"])));
    return { runId: input.runId, proceed };
  }
  if (!proceed) return { runId: null, proceed };
  const [run] = await ctx.db
    .insert(syncRuns)
    .values({
      connectionId: input.connectionId,
      kind: "removal",
      trigger: "manual",
      status: "running",
      queuedAt: ctx.now(),
      dueAt: ctx.now(),
      startedAt: ctx.now(),
    })
    .returning({ id: syncRuns.id });
  return { runId: run!.id, proceed };
}

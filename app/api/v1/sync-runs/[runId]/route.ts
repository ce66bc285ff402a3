import { getSyncRun } from "@/db/queries/sync-runs";
import { apiRoute } from "@/lib/api/route";
import { toSyncRunResource } from "@/lib/api/sync-resources";
import { NotFoundError } from "@/lib/errors";

/** One sync run: queued, running, succeeded or failed, with its counts. */
export const GET = apiRoute<{ runId: string }>(async ({ ctx, params }) => {
  const row = await getSyncRun(ctx.db, params.runId);
  if (!row) throw new NotFoundError("Sync run", params.runId);
  return Response.json(toSyncRunResource(row));
});

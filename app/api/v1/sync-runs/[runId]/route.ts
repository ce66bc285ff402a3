import { z } from "zod";
import { getSyncRun } from "@/db/queries/sync-run";
import { apiRoute } from "@/lib/api/route";
import { NotFoundError } from "@/lib/errors";

/** A pull, push or removal run and how far it got (the 202 of a removal names it). */
export const GET = apiRoute<{ runId: string }>(async ({ ctx, params }) => {
  const runId = z.uuid().safeParse(params.runId);
  const run = runId.success ? await getSyncRun(ctx.db, runId.data) : null;
  if (!run) throw new NotFoundError("Sync run", params.runId);
  return Response.json(run);
});

import { getInstructor } from "@/db/queries/instructors";
import { syncRunsOfInstructor } from "@/db/queries/sync-runs";
import { apiRoute } from "@/lib/api/route";
import { toSyncRunResource } from "@/lib/api/sync-resources";
import { NotFoundError } from "@/lib/errors";

/** The instructor's last 50 sync runs, newest first. */
export const GET = apiRoute<{ id: string }>(async ({ ctx, params }) => {
  if (!(await getInstructor(ctx.db, params.id))) throw new NotFoundError("Instructor", params.id);
  const rows = await syncRunsOfInstructor(ctx.db, params.id);
  return Response.json({ data: rows.map(toSyncRunResource) });
});

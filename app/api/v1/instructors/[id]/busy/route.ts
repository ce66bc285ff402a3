import { busyIntervals } from "@/db/queries/busy-intervals";
import { getInstructor } from "@/db/queries/instructors";
import { apiRoute, parseQuery } from "@/lib/api/route";
import { parseBusyQuery, toBusyResource } from "@/lib/api/sync-resources";
import { NotFoundError } from "@/lib/errors";

/** The instructor's mirrored Outlook events overlapping [from, to), privacy applied. */
export const GET = apiRoute<{ id: string }>(async ({ ctx, params, request }) => {
  const { from, to } = parseQuery(request, parseBusyQuery);
  if (!(await getInstructor(ctx.db, params.id))) throw new NotFoundError("Instructor", params.id);
  const rows = await busyIntervals(ctx.db, { instructorIds: [params.id], from, to });
  return Response.json({ data: rows.map(toBusyResource) });
});

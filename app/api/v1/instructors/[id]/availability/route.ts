import { instructorAvailability } from "@/db/queries/availability";
import { availabilityQuery, toAvailabilityItem } from "@/lib/api/conflict-resources";
import { apiRoute, parseQuery } from "@/lib/api/route";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";

/** What makes the instructor busy in [from, to): Outlook events the conflict rules count, and other bookings. */
export const GET = apiRoute<{ id: string }>(async ({ ctx, params, request }) => {
  const { from, to } = parseQuery(request, (q) => parseInput(availabilityQuery, q));
  const row = await instructorAvailability(ctx.db, {
    instructorId: params.id,
    from: new Date(from),
    to: new Date(to),
    now: ctx.now(),
  });
  if (!row) throw new NotFoundError("Instructor", params.id);
  return Response.json({ data: row.busy.map(toAvailabilityItem) });
});

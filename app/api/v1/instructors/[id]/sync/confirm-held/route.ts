import { apiRoute } from "@/lib/api/route";
import { confirmHeldPull } from "@/lib/services/pull/confirm-held-pull";

/**
 * Confirms a held pull round (one that would remove more than half of the instructor's mirrored
 * events): a new pull applies what Outlook shows. 409 when the newest pull was not held.
 */
export const POST = apiRoute<{ id: string }>(async ({ ctx, params }) => {
  const { runId } = await confirmHeldPull({ ctx, instructorId: params.id });
  return Response.json({ runId }, { status: 202 });
});

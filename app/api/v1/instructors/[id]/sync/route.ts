import { apiRoute } from "@/lib/api/route";
import { requestPull } from "@/lib/services/pull/request-pull";

/** Asks for a pull of the instructor's Outlook calendar now; poll /sync-runs/{runId} for its progress. */
export const POST = apiRoute<{ id: string }>(async ({ ctx, params }) => {
  const { runId } = await requestPull({ ctx, instructorId: params.id, trigger: "manual" });
  return Response.json({ runId }, { status: 202 });
});

import { apiRoute } from "@/lib/api/route";
import { disconnectCalendar } from "@/lib/services/connect/disconnect-calendar";

/**
 * Removes the instructor's calendar: the connection turns Disconnecting at once and the removal runs in the
 * background (our Outlook entries deleted, local copies and the sign-in purged); follow it at
 * `GET /api/v1/sync-runs/{runId}`. 404 without a connection, 409 when it is already disconnecting or disconnected,
 * 503 with Retry-After when the database is busy or the app restarting (nothing was changed: repeat it).
 */
export const DELETE = apiRoute<{ id: string }>(async ({ ctx, params }) => {
  const { runId } = await disconnectCalendar({ ctx, instructorId: params.id, by: "admin", trigger: "manual" });
  return Response.json({ runId }, { status: 202 });
});

import { getDb } from "@/db/client";
import { getEventPushStatus } from "@/db/queries/push-status";
import { currentAdmin } from "@/lib/auth/guards";
import { DomainError, errorResponse, isServiceUnavailable, NotFoundError, UnauthorizedError } from "@/lib/errors";

/** The event page's Outlook column, polled by the page (admin session, not an API key). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    if (!(await currentAdmin())) throw new UnauthorizedError("Sign in as an admin");
    const { id } = await params;
    const rows = await getEventPushStatus(await getDb(), id);
    if (!rows) throw new NotFoundError("Event", id);
    return Response.json({ rows });
  } catch (error) {
    // A bug: Next.js answers 500 and logs it. A busy database is a 503 the page's poll retries.
    if (!(error instanceof DomainError) && !isServiceUnavailable(error)) throw error;
    return errorResponse(error);
  }
}

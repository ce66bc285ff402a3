import { z } from "zod";
import { getDb } from "@/db/client";
import { listCalendarIntegration } from "@/db/queries/calendar-integration";
import { currentAdmin } from "@/lib/auth/guards";
import { integrationStatuses } from "@/lib/connect/integration-status";
import {
  DomainError,
  errorResponse,
  fieldErrorsFromZod,
  isServiceUnavailable,
  UnauthorizedError,
  ValidationError,
} from "@/lib/errors";

const query = z.object({
  search: z.string().max(200).optional(),
  status: z.enum(integrationStatuses).optional(),
  /** One instructor: the instructor page's header (the same row, so the same figures as the table). */
  instructor: z.uuid().optional(),
});

/** The Calendar Integration table's data, polled by the page (admin session, not an API key). */
export async function GET(request: Request) {
  try {
    if (!(await currentAdmin())) throw new UnauthorizedError("Sign in as an admin");
    const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error), "Bad filter");
    const rows = await listCalendarIntegration(await getDb(), {
      now: new Date(),
      status: parsed.data.status,
      instructorId: parsed.data.instructor,
      search: parsed.data.search || undefined,
    });
    return Response.json({ rows });
  } catch (error) {
    // A bug: Next.js answers 500 and logs it. A busy database is a 503 the table's poll retries.
    if (!(error instanceof DomainError) && !isServiceUnavailable(error)) throw error;
    return errorResponse(error);
  }
}

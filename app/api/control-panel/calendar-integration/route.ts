import { z } from "zod";
import { getDb } from "@/db/client";
import { listCalendarIntegration } from "@/db/queries/calendar-integration";
import { currentAdmin } from "@/lib/auth/guards";
import { integrationStatuses } from "@/lib/connect/integration-status";

const query = z.object({ search: z.string().max(200).optional(), status: z.enum(integrationStatuses).optional() });

/** The Calendar Integration table's data, polled by the page (admin session, not an API key). */
export async function GET(request: Request) {
  if (!(await currentAdmin())) return Response.json({ error: { code: "unauthorized", message: "Sign in as an admin" } }, { status: 401 });
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: { code: "validation_failed", message: "Bad filter" } }, { status: 422 });
  const rows = await listCalendarIntegration(await getDb(), { now: new Date(), ...parsed.data, search: parsed.data.search || undefined });
  return Response.json({ rows });
}

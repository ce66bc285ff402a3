import { and, desc, eq } from "drizzle-orm";
import { calendarConnections, syncRuns } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { isUuid } from "@/db/queries/ids";
import { HELD_ROUND_ERROR } from "@/lib/sync/connection-health";
import { requestPull } from "./request-pull";

/**
 * An admin confirms that a held round's mass removal is real (the instructor did clear their
 * calendar): a new pull reads the calendar again and applies what it finds without the hold.
 * Only while the connection's latest pull is the held one.
 */
export async function confirmHeldPull({ ctx, instructorId }: { ctx: ServiceContext; instructorId: string }) {
  if (!isUuid(instructorId)) throw new NotFoundError("Pull", instructorId);
  const [latest] = await ctx.db
    .select({ errorClass: syncRuns.errorClass })
    .from(syncRuns)
    .innerJoin(calendarConnections, eq(calendarConnections.id, syncRuns.connectionId))
    .where(and(eq(calendarConnections.instructorId, instructorId), eq(syncRuns.kind, "pull")))
    .orderBy(desc(syncRuns.queuedAt))
    .limit(1);
  if (!latest) throw new NotFoundError("Pull", instructorId);
  if (latest.errorClass !== HELD_ROUND_ERROR)
    throw new ConflictError("The latest pull was not held; nothing to confirm");
  return requestPull({ ctx, instructorId, trigger: "manual", confirmHeld: true });
}

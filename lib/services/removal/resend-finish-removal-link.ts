import { eq } from "drizzle-orm";
import { calendarConnections, instructors, removalLeftovers } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { issueInvitation } from "../connect/internal/issue-invitation";

/**
 * "Send finish-removal link again" on the leftover list: a fresh one-click sign-in link (the previous one
 * stops working) to the instructor's current address, while our entries are still listed as left in their
 * Outlook and no removal is under way. Logged, and recorded as sent by the admin.
 */
export async function resendFinishRemovalLink({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { instructorId: string; createdById?: string | null };
}): Promise<{ sentTo: string; expiresAt: Date }> {
  const [row] = await ctx.db
    .select({ instructor: instructors, status: calendarConnections.status })
    .from(instructors)
    .leftJoin(calendarConnections, eq(calendarConnections.instructorId, instructors.id))
    .where(eq(instructors.id, input.instructorId));
  if (!row) throw new NotFoundError("Instructor", input.instructorId);
  const left = await ctx.db
    .select({ id: removalLeftovers.id })
    .from(removalLeftovers)
    .where(eq(removalLeftovers.instructorId, input.instructorId));
  if (!left.length) throw new ConflictError("Nothing of ours is left in this instructor's Outlook");
  if (row.status !== "disconnected" && row.status !== "disconnected_by_instructor")
    throw new ConflictError("A removal is under way or the calendar is connected again; no link is needed now");
  const { expiresAt } = await issueInvitation(ctx, row.instructor, {
    purpose: "finish_removal",
    leftovers: left.length,
    createdById: input.createdById ?? null,
  });
  return { sentTo: row.instructor.email, expiresAt };
}

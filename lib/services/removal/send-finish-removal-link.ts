import { eq } from "drizzle-orm";
import { instructors, removalLeftovers } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { issueInvitation } from "../connect/internal/issue-invitation";
import { removalConnection } from "./internal/removal-connection";

/**
 * Emails the instructor a one-click "sign in to finish removal" link (an invitation with purpose
 * finish_removal: sign in → sweep → disconnected again) when our entries were left in their Outlook.
 * Nothing is sent when nothing was left.
 */
export async function sendFinishRemovalLink({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string };
}): Promise<{ sent: boolean }> {
  const connection = await removalConnection(ctx, input.connectionId);
  if (!connection) return { sent: false };
  const left = await ctx.db
    .select({ id: removalLeftovers.id })
    .from(removalLeftovers)
    .where(eq(removalLeftovers.connectionId, connection.id));
  if (!left.length) return { sent: false };
  const [instructor] = await ctx.db.select().from(instructors).where(eq(instructors.id, connection.instructorId));
  if (!instructor) return { sent: false };
  await issueInvitation(ctx, instructor, { purpose: "finish_removal", leftovers: left.length });
  return { sent: true };
}

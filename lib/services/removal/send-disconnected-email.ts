import { createElement } from "react";
import { eq } from "drizzle-orm";
import { calendarConnections, instructors } from "@/db/schema";
import { DisconnectedByAdminEmail } from "@/emails/disconnected-by-admin-email";
import type { ServiceContext } from "@/lib/context/service-context";
import { deliverEmail } from "../internal/deliver-email";

/**
 * The removal job's step after an administrator's removal completed: the instructor is told by email (an
 * instructor who disconnected themselves was told when they did it; a dead token's removal sends the
 * finish-removal link instead). A job step, so it is recorded with the removal and sent once.
 */
export async function sendDisconnectedEmail({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; entriesDeleted: number };
}): Promise<{ sent: boolean }> {
  const [row] = await ctx.db
    .select({ status: calendarConnections.status, instructor: instructors })
    .from(calendarConnections)
    .innerJoin(instructors, eq(instructors.id, calendarConnections.instructorId))
    .where(eq(calendarConnections.id, input.connectionId));
  if (row?.status !== "disconnected") return { sent: false };
  await deliverEmail(ctx, {
    kind: "connection_changed",
    instructorId: row.instructor.id,
    to: row.instructor.email,
    subject: "Your Outlook calendar was disconnected by your training coordinator",
    body: createElement(DisconnectedByAdminEmail, {
      instructorName: row.instructor.name,
      entriesDeleted: input.entriesDeleted,
    }),
  });
  return { sent: true };
}

import { z } from "zod";
import { inArray } from "drizzle-orm";
import { calendarConnections, instructors } from "@/db/schema";
import { asServiceUnavailable } from "@/lib/errors";
import { isLive } from "@/lib/sync/connection-state";
import type { ServiceContext } from "@/lib/context/service-context";
import { issueInvitation } from "./internal/issue-invitation";
import { parseInput } from "@/lib/parse-input";

const sendInvitationsInput = z.object({
  instructorIds: z.array(z.uuid()).min(1, "Select at least one instructor").max(500),
  createdById: z.uuid().nullish(),
});

const previousCalendarBeingRemoved =
  "Previous calendar still being removed: invite once it shows Disconnected (Remove Calendar restarts a failed removal)";

export type SendInvitationsResult = {
  sent: { instructorId: string; email: string }[];
  skipped: { instructorId: string; reason: string }[];
};

/**
 * Sends (or resends) invitations. Connected instructors are skipped: they have nothing to do. So are those whose
 * previous connection is still being removed: its link could not connect until the removal ends (the state
 * machine refuses `signed_in` while `disconnecting`), and the admin sees the removal finish in the table, while
 * the instructor would only find a link that says "try later". Each instructor is one send: when the database
 * is busy for one, the others still go and that one is reported to try again.
 */
export async function sendInvitations({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: unknown;
}): Promise<SendInvitationsResult> {
  const { instructorIds, createdById } = parseInput(sendInvitationsInput, input);
  const ids = [...new Set(instructorIds)];
  const [people, connections] = await Promise.all([
    ctx.db.select().from(instructors).where(inArray(instructors.id, ids)),
    ctx.db.select().from(calendarConnections).where(inArray(calendarConnections.instructorId, ids)),
  ]);
  const result: SendInvitationsResult = { sent: [], skipped: [] };
  for (const id of ids) {
    const instructor = people.find((p) => p.id === id);
    if (!instructor) {
      result.skipped.push({ instructorId: id, reason: "No such instructor" });
      continue;
    }
    const connection = connections.find((c) => c.instructorId === id);
    if (isLive(connection?.status)) {
      result.skipped.push({ instructorId: id, reason: "Already connected" });
    } else if (connection?.status === "disconnecting") {
      result.skipped.push({ instructorId: id, reason: previousCalendarBeingRemoved });
    } else {
      const purpose = connection?.status === "reconnect_needed" ? "reconnect" : "invite";
      try {
        await issueInvitation(ctx, instructor, { purpose, createdById });
        result.sent.push({ instructorId: id, email: instructor.email });
      } catch (error) {
        const busy = asServiceUnavailable(error);
        if (!busy) throw error;
        result.skipped.push({ instructorId: id, reason: `Busy, try again in ${busy.retryAfterSeconds} s` });
      }
    }
  }
  return result;
}

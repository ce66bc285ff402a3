import { and, eq, isNull, sql } from "drizzle-orm";
import { calendarConnections, instructors, invitations } from "@/db/schema";
import { isUniqueViolation } from "@/db/errors";
import type { InstructorRow } from "@/db/queries/instructors";
import { placeAllDayEvents } from "@/db/queries/mirror";
import { isUuid } from "@/db/queries/ids";
import { NotFoundError } from "@/lib/errors";
import { expectedMicrosoftAccount } from "@/lib/connect/account-binding";
import { instructorPatchSchema } from "@/lib/training/schemas";
import type { ServiceContext } from "@/lib/context/service-context";
import { duplicateEmail } from "./internal/duplicate-email";
import { logConnectionEvent } from "../internal/log-connection-event";
import { parseInput } from "@/lib/parse-input";

/**
 * Saves an instructor. When the email or the Microsoft account changes, links issued for the old
 * identity stop working: the open invitation is revoked and every manage link retired, so nobody
 * holding one can bind or change a connection for the new address. When the home zone changes, the
 * calendar's all-day events move to the new zone's midnights with it (an all-day event covers the
 * instructor's own days).
 */
export async function updateInstructor({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: string;
  input: unknown;
}): Promise<InstructorRow> {
  const patch = parseInput(instructorPatchSchema, input);
  if (!isUuid(id)) throw new NotFoundError("Instructor", id);
  let identityChanged = false;
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const [before] = await tx.select().from(instructors).where(eq(instructors.id, id)).for("update");
      if (!before) throw new NotFoundError("Instructor", id);
      const now = ctx.now();
      const [after] = await tx
        .update(instructors)
        .set({ ...patch, updatedAt: now })
        .where(eq(instructors.id, id))
        .returning();
      if (before.timeZone !== after!.timeZone) await placeAllDayEvents(tx, { instructorId: id });
      identityChanged =
        before.email.toLowerCase() !== after!.email.toLowerCase() ||
        expectedMicrosoftAccount(before) !== expectedMicrosoftAccount(after!);
      if (identityChanged) {
        await tx
          .update(invitations)
          .set({ revokedAt: now })
          .where(and(eq(invitations.instructorId, id), isNull(invitations.usedAt), isNull(invitations.revokedAt)));
        await tx
          .update(calendarConnections)
          .set({ manageLinkVersion: sql`${calendarConnections.manageLinkVersion} + 1`, updatedAt: now })
          .where(eq(calendarConnections.instructorId, id));
      }
      return after!;
    });
    if (identityChanged)
      await logConnectionEvent(
        ctx,
        id,
        "identity_changed",
        `Email or Microsoft account changed to ${expectedMicrosoftAccount(row)}; open invitation and connection links revoked`,
      );
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateEmail();
    throw error;
  }
}

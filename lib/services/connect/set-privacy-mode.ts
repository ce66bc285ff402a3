import { eq } from "drizzle-orm";
import { z } from "zod";
import { calendarConnections, externalEvents, pullStates } from "@/db/schema";
import { inTransaction } from "@/lib/context/in-transaction";
import { NotFoundError } from "@/lib/errors";
import { privacyModeValues, privacyModes } from "@/lib/connect/what-is-shared";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "@/lib/parse-input";
import { logConnectionEvent } from "../internal/log-connection-event";

const privacyInput = z.object({ privacyMode: z.enum(privacyModeValues) });

/**
 * Changes what the platform may see. Switching to Full Private Mode must leave no titles behind:
 * the pull stores titles only in Default Privacy Mode, and purges them here when that ends.
 */
export async function setPrivacyMode({
  ctx,
  instructorId,
  input,
}: {
  ctx: ServiceContext;
  instructorId: string;
  input: unknown;
}) {
  const { privacyMode } = parseInput(privacyInput, input);
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .update(calendarConnections)
      .set({ privacyMode, updatedAt: tx.now() })
      .where(eq(calendarConnections.instructorId, instructorId))
      .returning({ id: calendarConnections.id });
    if (!row) throw new NotFoundError("Calendar connection", instructorId);
    if (privacyMode === "full_private") {
      // In the same transaction as the switch: no moment where the mode says Full Private and a title remains.
      await tx.db.update(externalEvents).set({ title: null }).where(eq(externalEvents.connectionId, row.id));
      // Full Private Mode never reads delta; a later switch back starts with a baseline that restores titles.
      await tx.db.update(pullStates).set({ deltaLink: null }).where(eq(pullStates.connectionId, row.id));
    }
    await logConnectionEvent(tx, instructorId, "privacy_mode", `Privacy set to ${privacyModes[privacyMode].label}`);
    return { privacyMode };
  });
}

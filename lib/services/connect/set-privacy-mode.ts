import { eq } from "drizzle-orm";
import { z } from "zod";
import { calendarConnections } from "@/db/schema";
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
  const [row] = await ctx.db
    .update(calendarConnections)
    .set({ privacyMode, updatedAt: ctx.now() })
    .where(eq(calendarConnections.instructorId, instructorId))
    .returning({ id: calendarConnections.id });
  if (!row) throw new NotFoundError("Calendar connection", instructorId);
  await logConnectionEvent(ctx, instructorId, "privacy_mode", `Privacy set to ${privacyModes[privacyMode].label}`);
  return { privacyMode };
}

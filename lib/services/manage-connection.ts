import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { calendarConnections, tokenCaches } from "@/db/schema";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { privacyModeValues, privacyModes } from "@/lib/connect/what-is-shared";
import type { ServiceContext } from "@/lib/context/service-context";
import { logConnectionEvent } from "./log-connection-event";
import { parseInput } from "./parse-input";
import { inTransaction } from "@/lib/context/in-transaction";
import { transitionConnection } from "./transition-connection";

const privacyInput = z.object({ privacyMode: z.enum(privacyModeValues as ["full_private", "default"]) });

/**
 * Changes what the platform may see. Switching to Full Private Mode must leave no titles behind:
 * the pull stores titles only in Default Privacy Mode, and purges them here when that ends.
 */
export async function setPrivacyMode({ ctx, instructorId, input }: { ctx: ServiceContext; instructorId: string; input: unknown }) {
  const { privacyMode } = parseInput(privacyInput, input);
  const [row] = await ctx.db.update(calendarConnections).set({ privacyMode, updatedAt: ctx.now() })
    .where(eq(calendarConnections.instructorId, instructorId)).returning({ id: calendarConnections.id });
  if (!row) throw new NotFoundError("Calendar connection", instructorId);
  await logConnectionEvent(ctx, instructorId, "privacy_mode", `Privacy set to ${privacyModes[privacyMode].label}`);
  return { privacyMode };
}

/**
 * Stops syncing: the connection turns `disconnecting` and the stored Microsoft sign-in is deleted
 * at once; after the commit the removal job (calendar/removal.requested) undoes what the sync
 * created and finishes the disconnection (finishDisconnect). Every manage link issued so far stops
 * working.
 */
export async function disconnectCalendar({ ctx, instructorId, by }: { ctx: ServiceContext; instructorId: string; by: "instructor" | "admin" }) {
  const [existing] = await ctx.db.select({ id: calendarConnections.id }).from(calendarConnections).where(eq(calendarConnections.instructorId, instructorId));
  if (!existing) throw new NotFoundError("Calendar connection", instructorId);
  await inTransaction(ctx, async (tx) => {
    const moved = await transitionConnection(tx, { connectionId: existing.id }, { type: "disconnect_requested", by }, { disconnectedAt: tx.now() });
    if (!moved) throw new ConflictError("The connection changed meanwhile; please try again");
    await tx.db.update(calendarConnections)
      .set({ manageLinkVersion: sql`${calendarConnections.manageLinkVersion} + 1` })
      .where(eq(calendarConnections.id, existing.id));
    await tx.db.delete(tokenCaches).where(eq(tokenCaches.connectionId, existing.id));
    await logConnectionEvent(tx, instructorId, "disconnected", by === "admin" ? "An admin removed the calendar" : "The instructor disconnected their calendar");
    await tx.jobs.send({ name: "calendar/removal.requested", data: { connectionId: existing.id, by } });
  });
}

/** The removal job's last step: the disconnection is complete. */
export async function finishDisconnect({ ctx, input }: { ctx: ServiceContext; input: { connectionId: string; by: "instructor" | "admin" } }) {
  const moved = await transitionConnection(ctx, { connectionId: input.connectionId }, { type: "removal_finished", by: input.by });
  return { status: moved?.to ?? null };
}

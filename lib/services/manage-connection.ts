import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { calendarConnections, tokenCaches } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { privacyModeValues, privacyModes } from "@/lib/connect/what-is-shared";
import type { ServiceContext } from "./context";
import { logConnectionEvent } from "./log-connection-event";
import { parseInput } from "./parse-input";

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
 * Stops syncing: the stored Microsoft sign-in is deleted at once. Removing the events the sync
 * created, in both systems, is the Removal issue's job and hangs off this state change. Every
 * manage link issued so far stops working.
 */
export async function disconnectCalendar({ ctx, instructorId, by }: { ctx: ServiceContext; instructorId: string; by: "instructor" | "admin" }) {
  const now = ctx.now();
  const [row] = await ctx.db.update(calendarConnections)
    .set({ status: "disconnected", disconnectedAt: now, nextSyncAt: null, updatedAt: now, manageLinkVersion: sql`${calendarConnections.manageLinkVersion} + 1` })
    .where(eq(calendarConnections.instructorId, instructorId)).returning({ id: calendarConnections.id });
  if (!row) throw new NotFoundError("Calendar connection", instructorId);
  await ctx.db.delete(tokenCaches).where(eq(tokenCaches.connectionId, row.id));
  await logConnectionEvent(ctx, instructorId, "disconnected", by === "admin" ? "An admin removed the calendar" : "The instructor disconnected their calendar");
}

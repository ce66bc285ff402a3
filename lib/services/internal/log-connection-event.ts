import { connectionEvents } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";

/** The admin's log of what happened to an instructor's calendar connection. Never holds tokens. */
export async function logConnectionEvent(ctx: ServiceContext, instructorId: string, kind: string, message: string) {
  await ctx.db.insert(connectionEvents).values({ instructorId, kind, message, at: ctx.now() });
}

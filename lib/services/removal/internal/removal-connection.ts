import { eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";

/** The connection a removal works on; null when it no longer exists (the instructor was deleted). */
export async function removalConnection(ctx: ServiceContext, connectionId: string) {
  const [connection] = await ctx.db.select().from(calendarConnections).where(eq(calendarConnections.id, connectionId));
  return connection ?? null;
}

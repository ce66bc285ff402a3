import { eq } from "drizzle-orm";
import { venues } from "@/db/schema";
import { isUuid } from "@/db/queries/ids";
import { NotFoundError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/context/service-context";

export async function removeVenue({ ctx, venueId }: { ctx: ServiceContext; venueId: string }) {
  if (!isUuid(venueId)) throw new NotFoundError("Venue", venueId);
  const removed = await ctx.db.delete(venues).where(eq(venues.id, venueId)).returning({ id: venues.id });
  if (!removed.length) throw new NotFoundError("Venue", venueId);
}

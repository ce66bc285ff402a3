import { eq } from "drizzle-orm";
import { locations, venues } from "@/db/schema";
import { isUuid } from "@/db/queries/ids";
import { NotFoundError } from "@/lib/errors";
import { venueInputSchema } from "@/lib/training/schemas";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "@/lib/parse-input";

export async function addVenue({
  ctx,
  locationId,
  input,
}: {
  ctx: ServiceContext;
  locationId: string;
  input: unknown;
}) {
  const data = parseInput(venueInputSchema, input);
  if (!isUuid(locationId)) throw new NotFoundError("Location", locationId);
  const [location] = await ctx.db.select({ id: locations.id }).from(locations).where(eq(locations.id, locationId));
  if (!location) throw new NotFoundError("Location", locationId);
  return (
    await ctx.db
      .insert(venues)
      .values({ ...data, locationId })
      .returning()
  )[0]!;
}

import { eq } from "drizzle-orm";
import { locations, venues } from "@/db/schema";
import { isUniqueViolation } from "@/db/errors";
import { isUuid } from "@/db/queries/ids";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { locationInputSchema, venueInputSchema } from "@/lib/training/schemas";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "./parse-input";

const duplicateName = () => new ConflictError("A location with this name already exists", { name: ["Already used"] });

/** Creates a location, or updates it when `id` is given. */
export async function saveLocation({ ctx, id, input }: { ctx: ServiceContext; id?: string; input: unknown }) {
  const data = parseInput(locationInputSchema, input);
  try {
    if (!id) return (await ctx.db.insert(locations).values(data).returning())[0]!;
    if (!isUuid(id)) throw new NotFoundError("Location", id);
    const [row] = await ctx.db.update(locations).set({ ...data, updatedAt: ctx.now() }).where(eq(locations.id, id)).returning();
    if (!row) throw new NotFoundError("Location", id);
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

export async function addVenue({ ctx, locationId, input }: { ctx: ServiceContext; locationId: string; input: unknown }) {
  const data = parseInput(venueInputSchema, input);
  if (!isUuid(locationId)) throw new NotFoundError("Location", locationId);
  const [location] = await ctx.db.select({ id: locations.id }).from(locations).where(eq(locations.id, locationId));
  if (!location) throw new NotFoundError("Location", locationId);
  return (await ctx.db.insert(venues).values({ ...data, locationId }).returning())[0]!;
}

export async function removeVenue({ ctx, venueId }: { ctx: ServiceContext; venueId: string }) {
  if (!isUuid(venueId)) throw new NotFoundError("Venue", venueId);
  const removed = await ctx.db.delete(venues).where(eq(venues.id, venueId)).returning({ id: venues.id });
  if (!removed.length) throw new NotFoundError("Venue", venueId);
}

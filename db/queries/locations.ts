import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../types";
import { locations, venues } from "../schema";
import { isUuid } from "./ids";

export type LocationWithVenues = typeof locations.$inferSelect & { venues: (typeof venues.$inferSelect)[] };

export async function listLocationsWithVenues(db: DbOrTx): Promise<LocationWithVenues[]> {
  const [allLocations, allVenues] = await Promise.all([
    db.select().from(locations).orderBy(asc(locations.name)),
    db.select().from(venues).orderBy(asc(venues.name)),
  ]);
  return allLocations.map((l) => ({ ...l, venues: allVenues.filter((v) => v.locationId === l.id) }));
}

export async function getLocation(db: DbOrTx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(locations).where(eq(locations.id, id));
  return row ?? null;
}

export async function getVenue(db: DbOrTx, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(venues).where(eq(venues.id, id));
  return row ?? null;
}

import { getLocation, getVenue } from "@/db/queries/locations";
import type { DbOrTx } from "@/db/types";
import { ValidationError } from "@/lib/errors";

/**
 * Checks the location and venue an event refers to and returns the zone its times are read in:
 * the event's own, else its location's. A venue must belong to the event's location.
 */
export async function resolveEventPlace(
  db: DbOrTx,
  fields: { locationId: string | null; venueId: string | null; timeZone: string | null },
): Promise<{ timeZone: string }> {
  const location = fields.locationId ? await getLocation(db, fields.locationId) : null;
  if (fields.locationId && !location) throw new ValidationError({ locationId: ["No such location"] });
  if (fields.venueId) {
    const venue = await getVenue(db, fields.venueId);
    if (!venue) throw new ValidationError({ venueId: ["No such venue"] });
    if (venue.locationId !== fields.locationId)
      throw new ValidationError({ venueId: ["The venue must belong to the event's location"] });
  }
  const timeZone = fields.timeZone ?? location?.timeZone;
  if (!timeZone) throw new ValidationError({ timeZone: ["Choose a time zone, or a location to take it from"] });
  return { timeZone };
}

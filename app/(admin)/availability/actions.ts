"use server";

import { getDb } from "@/db/client";
import { isUuid } from "@/db/queries/ids";
import { requireAdmin } from "@/lib/auth/guards";
import { gridParams, type GridRow } from "@/components/availability/availability-view";
import { availabilityRows } from "@/components/availability/load-availability";

/** One more chunk of the Availability grid's rows, as they scroll into view. */
export async function loadAvailabilityRowsAction(
  raw: { tz?: string; start?: string; view?: string; q?: string; location?: string },
  chunk: number,
): Promise<GridRow[]> {
  await requireAdmin();
  const now = new Date();
  const query = {
    ...gridParams(raw, now),
    search: raw.q?.trim() || undefined,
    locationId: raw.location && isUuid(raw.location) ? raw.location : undefined,
  };
  const index = Number.isInteger(chunk) && chunk >= 0 ? chunk : 0;
  return availabilityRows(await getDb(), query, index, now);
}

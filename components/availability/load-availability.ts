import type { DbOrTx } from "@/db/types";
import { availabilityPage, availabilityPeople } from "@/db/queries/availability";
import { AVAILABILITY_CHUNK } from "./availability-chunk";
import { dayColumns, gridRow, type GridParams, type GridRow } from "./availability-view";

/*
 * The grid lists everyone who matches, but reads busy time a chunk of rows at a time: the first chunk
 * with the page, the others when they scroll into view (loadAvailabilityRowsAction). 500 instructors'
 * four weeks are ~70,000 mirror rows; one chunk is a tenth of that.
 */

export type AvailabilityQuery = GridParams & { search?: string; locationId?: string };

export async function availabilityRows(
  db: DbOrTx,
  query: AvailabilityQuery,
  chunk: number,
  now: Date,
): Promise<GridRow[]> {
  const days = dayColumns(query);
  const page = await availabilityPage(db, {
    from: days[0]!.start,
    to: days[days.length - 1]!.end,
    now,
    search: query.search,
    locationId: query.locationId,
    page: chunk,
    pageSize: AVAILABILITY_CHUNK,
  });
  return page.rows.map((r) => gridRow(r, days, query.zone));
}

/** What the page reads: everyone's name, and the first chunk's busy time. */
export async function availabilityFirstPaint(db: DbOrTx, query: AvailabilityQuery, now: Date) {
  const [people, rows] = await Promise.all([
    availabilityPeople(db, { search: query.search, locationId: query.locationId }),
    availabilityRows(db, query, 0, now),
  ]);
  return { people, rows };
}

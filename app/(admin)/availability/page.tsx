import Link from "next/link";
import { DateTime } from "luxon";
import { getDb } from "@/db/client";
import { listLocationsWithVenues } from "@/db/queries/locations";
import { isUuid } from "@/db/queries/ids";
import { requireAdmin } from "@/lib/auth/guards";
import { adminZone } from "../admin-zone";
import { allTimeZones } from "@/lib/time/time-zones";
import { AvailabilityGrid } from "@/components/availability/availability-grid";
import { AvailabilityLegend } from "@/components/availability/availability-legend";
import { dayColumns, gridParams } from "@/components/availability/availability-view";
import { availabilityFirstPaint } from "@/components/availability/load-availability";
import { loadAvailabilityRowsAction } from "./actions";
import { TimeZoneSelect } from "@/components/availability/time-zone-select";

export const metadata = { title: "Availability" };

type Search = { tz?: string; start?: string; view?: string; q?: string; location?: string };

export default async function AvailabilityPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const raw = await searchParams;
  const now = new Date();
  // The admin's zone from the server (a cookie) unless the URL names one: drawn right on the first paint.
  const zone = raw.tz || (await adminZone());
  const params = gridParams({ ...raw, tz: zone ?? undefined }, now);
  const days = dayColumns(params);
  const locationId = raw.location && isUuid(raw.location) ? raw.location : undefined;
  const db = await getDb();
  const query = { ...params, search: raw.q?.trim() || undefined, locationId };
  const [locations, { people, rows }] = await Promise.all([
    listLocationsWithVenues(db),
    availabilityFirstPaint(db, query, now),
  ]);
  const link = (changes: Partial<Search>) => {
    const next = new URLSearchParams();
    const merged = { ...raw, start: params.start, ...changes };
    for (const [k, v] of Object.entries(merged)) if (v) next.set(k, String(v));
    return `/availability?${next.toString()}`;
  };
  const step = params.days;
  const shift = (n: number) => DateTime.fromISO(params.start).plus({ days: n }).toISODate()!;
  const zones = allTimeZones();
  if (!zones.includes("UTC")) zones.unshift("UTC");

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Availability</h1>
          <p className="muted">
            Busy time from instructors&apos; Outlook calendars (by the{" "}
            <Link href="/settings/conflicts">conflict rules</Link>) and their bookings on draft and active events, in{" "}
            {params.zone}.
          </p>
        </div>
      </div>
      <form className="toolbar" method="get" action="/availability">
        <input
          type="search"
          name="q"
          aria-label="Search instructors"
          placeholder="Search instructors…"
          defaultValue={raw.q ?? ""}
        />
        <select name="location" aria-label="Location" defaultValue={locationId ?? ""} style={{ width: 200 }}>
          <option value="">All locations</option>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
        <select
          name="view"
          aria-label="View"
          defaultValue={params.days === 28 ? "4weeks" : "week"}
          style={{ width: 120 }}
        >
          <option value="week">Week</option>
          <option value="4weeks">4 weeks</option>
        </select>
        <input type="date" name="start" aria-label="Starting" defaultValue={params.start} style={{ width: 160 }} />
        {raw.tz && <input type="hidden" name="tz" value={params.zone} />}
        <button type="submit">Show</button>
        <TimeZoneSelect zones={zones} current={zone === params.zone ? params.zone : null} />
      </form>
      <nav className="toolbar" aria-label="Dates">
        <Link href={link({ start: shift(-step) })}>← Previous</Link>
        <Link href={link({ start: shift(step) })}>Next →</Link>
        <span className="muted">
          {people.length} instructor{people.length === 1 ? "" : "s"}
        </span>
      </nav>
      <AvailabilityLegend />
      <AvailabilityGrid
        // A new query starts a new grid (its loaded chunks belong to the old one).
        key={JSON.stringify(query)}
        days={days.map(({ key, label, weekend }) => ({ key, label, weekend }))}
        people={people}
        firstRows={rows}
        loadRows={loadAvailabilityRowsAction.bind(null, { ...raw, start: params.start, tz: params.zone })}
      />
    </>
  );
}

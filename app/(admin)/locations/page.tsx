import { getDb } from "@/db/client";
import { listLocationsWithVenues } from "@/db/queries/locations";
import { requireAdmin } from "@/lib/auth/guards";
import { allTimeZones } from "@/lib/time/time-zones";
import { LocationForm, VenueForm } from "@/components/locations/location-form";
import { addVenueAction, removeVenueAction, saveLocationAction } from "./actions";

export const metadata = { title: "Locations & venues" };

export default async function LocationsPage() {
  await requireAdmin();
  const locations = await listLocationsWithVenues(await getDb());
  const zones = allTimeZones();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Locations &amp; venues</h1>
          <p className="muted">An event takes its time zone from its location unless you set one.</p>
        </div>
      </div>
      {locations.map((location) => (
        <section key={location.id} className="panel" data-testid="location">
          <h2>{location.name}</h2>
          <LocationForm
            action={saveLocationAction.bind(null, location.id)}
            values={location}
            timeZones={zones}
            submitLabel="Save"
          />
          <h3 className="label" style={{ marginTop: 16 }}>
            Venues
          </h3>
          <ul>
            {location.venues.map((venue) => (
              <li key={venue.id} style={{ marginBottom: 4 }}>
                {venue.name}{" "}
                <form action={removeVenueAction.bind(null, venue.id)} style={{ display: "inline" }}>
                  <button type="submit" className="link">
                    remove
                  </button>
                </form>
              </li>
            ))}
            {location.venues.length === 0 && <li className="muted">No venues yet.</li>}
          </ul>
          <VenueForm action={addVenueAction.bind(null, location.id)} />
        </section>
      ))}
      <section className="panel">
        <h2>Add a location</h2>
        <LocationForm
          action={saveLocationAction.bind(null, null)}
          values={{ name: "", timeZone: "Europe/London", address: "" }}
          timeZones={zones}
          submitLabel="Add location"
        />
      </section>
    </>
  );
}

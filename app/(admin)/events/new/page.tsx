import { getDb } from "@/db/client";
import { listLocationsWithVenues } from "@/db/queries/locations";
import { requireAdmin } from "@/lib/auth/guards";
import { allTimeZones } from "@/lib/time/time-zones";
import { EventForm } from "@/components/events/event-form";
import { emptyEventFormValues } from "@/components/events/event-form-values";
import { createEventAction } from "../actions";

export const metadata = { title: "New event" };

export default async function NewEventPage() {
  await requireAdmin();
  const locations = await listLocationsWithVenues(await getDb());
  return (
    <>
      <div className="page-head">
        <h1>New event</h1>
      </div>
      <div className="panel">
        <EventForm
          action={createEventAction}
          values={emptyEventFormValues}
          locations={locations}
          timeZones={allTimeZones()}
          lifecycleOptions={["draft", "active"]}
          submitLabel="Create event"
        />
      </div>
    </>
  );
}

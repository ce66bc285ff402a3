import { eq } from "drizzle-orm";
import { events } from "@/db/schema";
import { isUuid } from "@/db/queries/ids";
import { NotFoundError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/context/service-context";
import { inTransaction } from "@/lib/context/in-transaction";
import { requestPush } from "../internal/request-push";

/**
 * Deletes an event with its sessions, resources and bookings. Its Outlook entries are not deleted
 * here: their push_entries rows outlive the event (no foreign keys, on purpose), so once the event
 * is gone its desired state is empty and the push requested here deletes them from each
 * instructor's calendar. The push is asked for before the delete, while the bookings still say
 * whose calendars to converge (an entry being created at this moment has no row yet), and is sent
 * only after the commit. A connection in Reconnect needed keeps its rows and deletes them once
 * reconnected; the hourly cycle picks up anything a lost request left.
 */
export async function deleteEvent({ ctx, id }: { ctx: ServiceContext; id: string }): Promise<void> {
  if (!isUuid(id)) throw new NotFoundError("Event", id);
  await inTransaction(ctx, async (t) => {
    const [event] = await t.db.select({ id: events.id }).from(events).where(eq(events.id, id)).for("update");
    if (!event) throw new NotFoundError("Event", id);
    // "manual" from the admin UI and the API alike: a person asked for it.
    await requestPush(t, { eventIds: [id] }, "manual");
    await t.db.delete(events).where(eq(events.id, id));
  });
}

import { events } from "@/db/schema";
import { getEventDetail, type EventDetail } from "@/db/queries/events";
import { eventInputSchema } from "@/lib/training/schemas";
import type { ServiceContext } from "@/lib/context/service-context";
import { parseInput } from "@/lib/parse-input";
import { resolveEventPlace } from "./internal/event-place";
import { replaceResources, replaceSessions } from "./internal/write-event-parts";

export async function createEvent({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<EventDetail> {
  const data = parseInput(eventInputSchema, input);
  return ctx.db.transaction(async (tx) => {
    const fields = {
      locationId: data.locationId ?? null,
      venueId: data.venueId ?? null,
      timeZone: data.timeZone ?? null,
    };
    const { timeZone } = await resolveEventPlace(tx, fields);
    const now = ctx.now();
    const [event] = await tx
      .insert(events)
      .values({
        ...fields,
        title: data.title,
        courseCode: data.courseCode,
        lifecycle: data.lifecycle,
        description: data.description,
        virtualMeetingProvider: data.virtualMeeting?.provider ?? null,
        virtualMeetingUrl: data.virtualMeeting?.joinUrl ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: events.id });
    await replaceSessions(tx, event!.id, data.sessions, timeZone);
    await replaceResources(tx, event!.id, data.resources);
    return (await getEventDetail(tx, event!.id))!;
  });
}

import { eq } from "drizzle-orm";
import { events } from "@/db/schema";
import { getEventDetail, type EventDetail } from "@/db/queries/events";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { canTransition } from "@/lib/training/lifecycle";
import { eventPatchSchema } from "@/lib/training/schemas";
import { instantToLocal } from "@/lib/time/zoned";
import type { ServiceContext } from "@/lib/context/service-context";
import { inTransaction } from "@/lib/context/in-transaction";
import { parseInput } from "@/lib/parse-input";
import { requestPush } from "../internal/request-push";
import { resolveEventPlace } from "./internal/event-place";
import { replaceResources, replaceSessions } from "./internal/write-event-parts";

/**
 * Partial update. If the event's zone changes and no new sessions are given, the sessions keep
 * their wall-clock times in the new zone: a coordinator who fixes a wrong zone means "9am there".
 */
export async function updateEvent({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: string;
  input: unknown;
}): Promise<EventDetail> {
  const patch = parseInput(eventPatchSchema, input);
  return inTransaction(ctx, async (t) => {
    const tx = t.db;
    const current = await getEventDetail(tx, id);
    if (!current) throw new NotFoundError("Event", id);
    if (patch.lifecycle && !canTransition(current.event.lifecycle, patch.lifecycle))
      throw new ConflictError(`A ${current.event.lifecycle} event cannot become ${patch.lifecycle}`, {
        lifecycle: [`Not allowed from ${current.event.lifecycle}`],
      });

    const fields = {
      locationId: patch.locationId === undefined ? current.event.locationId : patch.locationId,
      venueId:
        patch.venueId === undefined ? (patch.locationId === undefined ? current.event.venueId : null) : patch.venueId,
      timeZone: patch.timeZone === undefined ? current.event.timeZone : patch.timeZone,
    };
    const { timeZone } = await resolveEventPlace(tx, fields);
    const meeting = patch.virtualMeeting;
    await tx
      .update(events)
      .set({
        ...fields,
        title: patch.title,
        courseCode: patch.courseCode,
        lifecycle: patch.lifecycle,
        description: patch.description,
        ...(meeting !== undefined && {
          virtualMeetingProvider: meeting?.provider ?? null,
          virtualMeetingUrl: meeting?.joinUrl ?? null,
        }),
        updatedAt: ctx.now(),
      })
      .where(eq(events.id, id));

    const sessions =
      patch.sessions ??
      (timeZone !== current.timeZone
        ? current.sessions.map((s) => ({
            name: s.name,
            start: instantToLocal(s.startsAt, current.timeZone),
            end: instantToLocal(s.endsAt, current.timeZone),
          }))
        : undefined);
    if (sessions) await replaceSessions(tx, id, sessions, timeZone);
    if (patch.resources) await replaceResources(tx, id, patch.resources);
    // Any change may alter the entries (activated → pushed, draft or cancelled → removed); unchanged ones are skipped by hash.
    await requestPush(t, { eventIds: [id] }, "manual");
    return (await getEventDetail(tx, id))!;
  });
}

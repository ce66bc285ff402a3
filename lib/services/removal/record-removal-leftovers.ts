import { and, eq, isNotNull } from "drizzle-orm";
import { eventSessions, events, externalEvents, pushEntries, removalLeftovers } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { removalConnection } from "./internal/removal-connection";

/**
 * Microsoft refused the token, so our Outlook entries stay: before the local purge, keep what we know of
 * them (from push_entries, titled from the event and timed from the session while those exist, and from
 * the mirror's rows recognised as ours) as titles and times only, for the admin's list and the
 * finish-removal sign-in. Idempotent: an entry is recorded once per connection.
 */
export async function recordRemovalLeftovers({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string };
}): Promise<{ leftovers: number }> {
  const connection = await removalConnection(ctx, input.connectionId);
  if (!connection) return { leftovers: 0 };
  const pushed = await ctx.db
    .select({
      outlookEventId: pushEntries.outlookEventId,
      title: events.title,
      startsAt: eventSessions.startsAt,
      endsAt: eventSessions.endsAt,
    })
    .from(pushEntries)
    .leftJoin(events, eq(events.id, pushEntries.eventId))
    .leftJoin(eventSessions, eq(eventSessions.id, pushEntries.sessionId))
    .where(and(eq(pushEntries.connectionId, connection.id), isNotNull(pushEntries.outlookEventId)));
  const mirrored = await ctx.db
    .select({
      outlookEventId: externalEvents.graphId,
      title: externalEvents.title,
      startsAt: externalEvents.startsAt,
      endsAt: externalEvents.endsAt,
    })
    .from(externalEvents)
    .where(and(eq(externalEvents.connectionId, connection.id), eq(externalEvents.isOurs, true)));
  // Push's row knows the booking's own title; the mirror's may be withheld (Full Private Mode).
  const byId = new Map<string, (typeof mirrored)[number]>();
  for (const row of [...mirrored, ...pushed]) {
    const known = byId.get(row.outlookEventId!);
    byId.set(row.outlookEventId!, {
      outlookEventId: row.outlookEventId,
      title: row.title ?? known?.title ?? null,
      startsAt: row.startsAt ?? known?.startsAt ?? null,
      endsAt: row.endsAt ?? known?.endsAt ?? null,
    } as (typeof mirrored)[number]);
  }
  const rows = [...byId.values()].map((row) => ({
    instructorId: connection.instructorId,
    connectionId: connection.id,
    outlookEventId: row.outlookEventId!,
    title: row.title ?? null,
    startsAt: row.startsAt ?? null,
    endsAt: row.endsAt ?? null,
    recordedAt: ctx.now(),
  }));
  if (rows.length) await ctx.db.insert(removalLeftovers).values(rows).onConflictDoNothing();
  const all = await ctx.db
    .select({ id: removalLeftovers.id })
    .from(removalLeftovers)
    .where(eq(removalLeftovers.connectionId, connection.id));
  return { leftovers: all.length };
}
